package dev.gennaker.core.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A secret's content. {@link #toString()} is redacted, so a secret that slips into a log line or an
 * exception message shows as {@code <redacted>}. Read it with {@link #reveal()} only where it is
 * used.
 */
public final class SecretValue {
  private final byte[] utf8;

  private SecretValue(byte[] utf8) {
    this.utf8 = utf8;
  }

  public static SecretValue of(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("a secret must not be empty");
    }
    return new SecretValue(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The secret's text. */
  public String reveal() {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /** Constant-time comparison with {@code candidate}. */
  public boolean matches(String candidate) {
    return candidate != null
        && MessageDigest.isEqual(utf8, candidate.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretValue s && MessageDigest.isEqual(utf8, s.utf8);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(utf8);
  }

  @Override
  public String toString() {
    return "<redacted>";
  }
}
