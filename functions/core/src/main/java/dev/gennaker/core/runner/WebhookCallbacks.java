package dev.gennaker.core.runner;

import dev.gennaker.core.tenant.TenantId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Callback URLs for {@code webhook} stages with {@code waitForCallback}: each names one stage
 * attempt and carries an HMAC signature, so that only the receiver of the call can complete the
 * stage. {@link #complete} checks the signature (constant time) and completes the stage once.
 */
public final class WebhookCallbacks {
  private final URI baseUrl;
  private final byte[] key;

  /**
   * @param baseUrl the control plane's public URL, e.g. {@code https://api.gennaker.dev}
   * @param key the deployment's callback signing key (a secret, at least 32 bytes)
   */
  public WebhookCallbacks(URI baseUrl, byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the callback key must have at least 32 bytes");
    }
    this.baseUrl = baseUrl;
    this.key = key.clone();
  }

  String path(TenantId tenant, String executionId, String stageId, int attempt) {
    return "/v1/callbacks/" + tenant.value() + "/" + executionId + "/" + stageId + "/" + attempt;
  }

  /** The URL the called service must POST to when its work is done. */
  public URI url(TenantId tenant, String executionId, String stageId, int attempt) {
    String path = path(tenant, executionId, stageId, attempt);
    return baseUrl.resolve(path + "?signature=" + sign(path));
  }

  String sign(String path) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(path.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** A callback whose signature does not match: nothing changes. */
  public static final class BadSignatureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadSignatureException() {
      super("the callback signature does not match this stage");
    }
  }

  /**
   * Completes the stage a callback names. {@code status} {@code succeeded} (or absent) succeeds it;
   * anything else fails it with {@code message}.
   *
   * @throws BadSignatureException for a wrong signature
   */
  public CompleteStage.Result complete(
      RunnerServices services,
      TenantId tenant,
      String executionId,
      String stageId,
      int attempt,
      String signature,
      String status,
      String message) {
    byte[] expected =
        sign(path(tenant, executionId, stageId, attempt)).getBytes(StandardCharsets.UTF_8);
    byte[] given = (signature == null ? "" : signature).getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, given)) {
      throw new BadSignatureException();
    }
    StageOutcome outcome =
        status == null || status.equals("succeeded")
            ? new StageOutcome.Succeeded(
                Map.of("callback", "succeeded", "message", message == null ? "" : message))
            : new StageOutcome.Failed(
                "the callback reported " + status + (message == null ? "" : ": " + message));
    return new CompleteStage(services).complete(tenant, executionId, stageId, attempt, outcome);
  }
}
