package dev.gennaker.github;

import dev.gennaker.core.secret.SecretValue;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 signatures as GitHub sends them: {@code X-Hub-Signature-256: sha256=<hex>}. */
final class WebhookSignature {
  private WebhookSignature() {}

  /** True when {@code header} is the signature of {@code body} under {@code secret}. */
  static boolean valid(SecretValue secret, byte[] body, String header) {
    if (header == null || !header.startsWith("sha256=")) {
      return false;
    }
    byte[] given;
    try {
      given =
          HexFormat.of().parseHex(header.substring(7).trim().toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmac(secret, body), given);
  }

  static byte[] hmac(SecretValue secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is always available", e);
    }
  }
}
