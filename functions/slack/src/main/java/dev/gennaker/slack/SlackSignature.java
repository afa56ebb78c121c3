package dev.gennaker.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signature, version {@code v0}: {@code v0=} + hex HMAC-SHA256, keyed with the
 * app's signing secret, of {@code v0:<X-Slack-Request-Timestamp>:<raw body>}. Compared in constant
 * time. Requests whose timestamp is more than {@link #MAX_AGE} away from now are refused, so a
 * captured request cannot be replayed later.
 */
public final class SlackSignature {
  /** Slack's documented replay window. */
  public static final Duration MAX_AGE = Duration.ofMinutes(5);

  private SlackSignature() {}

  /** The {@code X-Slack-Signature} value for {@code body} sent at {@code timestamp}. */
  public static String sign(String signingSecret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** True if {@code signature} is {@code body}'s v0 signature at {@code timestamp}. */
  public static boolean valid(
      String signingSecret, String timestamp, byte[] body, String signature) {
    if (signature == null || timestamp == null) {
      return false;
    }
    byte[] expected = sign(signingSecret, timestamp, body).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
  }

  /** True if {@code timestamp} (epoch seconds) lies within {@link #MAX_AGE} of {@code now}. */
  public static boolean fresh(String timestamp, Instant now) {
    try {
      long sent = Long.parseLong(timestamp.trim());
      return Math.abs(now.getEpochSecond() - sent) <= MAX_AGE.toSeconds();
    } catch (NumberFormatException | NullPointerException e) {
      return false;
    }
  }
}
