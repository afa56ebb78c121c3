package dev.gennaker.core.store;

import java.util.regex.Pattern;

/**
 * Checks identifiers that become parts of stored keys. They must not contain the key separator
 * {@code #} (or anything outside a safe set), so that no crafted id can address another item.
 */
public final class Ids {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}");

  private Ids() {}

  /** Returns {@code value} if it is a safe key part, else throws IllegalArgumentException. */
  public static String require(String what, String value) {
    if (value == null || !SAFE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " must be 1-128 characters of letters, digits and ._:@+- : " + value);
    }
    return value;
  }
}
