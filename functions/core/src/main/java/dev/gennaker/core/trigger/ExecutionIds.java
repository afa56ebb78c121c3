package dev.gennaker.core.trigger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic execution ids: the same delivery, schedule firing or upstream execution always
 * yields the same id for the same pipeline, so a retry or a redelivery finds the execution it
 * already started instead of starting a second one.
 */
public final class ExecutionIds {
  private ExecutionIds() {}

  /**
   * {@code <prefix>-<32 hex digits of SHA-256 over the parts>}; parts are joined with a separator
   * no part can contain ambiguously (their lengths are hashed too).
   */
  public static String derive(String prefix, String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        byte[] bytes = p.getBytes(StandardCharsets.UTF_8);
        sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) ':');
        sha.update(bytes);
      }
      return prefix + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
