package dev.gennaker.core.tenant;

import java.util.regex.Pattern;

/**
 * A tenant's stable identifier: lowercase letters, digits and dashes, 3 to 40 characters, starting
 * with a letter. Every stored key begins with it, so it must never contain a key separator.
 */
public record TenantId(String value) {
  private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9-]{2,39}");

  public TenantId {
    if (value == null || !SHAPE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "tenant id must be 3-40 lowercase letters, digits or dashes starting with a letter: "
              + value);
    }
  }

  public static TenantId of(String value) {
    return new TenantId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
