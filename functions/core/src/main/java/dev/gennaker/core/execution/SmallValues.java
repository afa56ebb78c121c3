package dev.gennaker.core.execution;

import java.util.Map;

/** Keeps stored items far from DynamoDB's 400 KB item limit: big values go to the blob store. */
final class SmallValues {
  static final int MAX_CHARS = 32 * 1024;

  private SmallValues() {}

  static void check(String what, Map<String, String> values) {
    long total = 0;
    for (Map.Entry<String, String> e : values.entrySet()) {
      total += e.getKey().length() + e.getValue().length();
    }
    if (total > MAX_CHARS) {
      throw new IllegalArgumentException(
          what
              + " hold "
              + total
              + " characters; the limit is "
              + MAX_CHARS
              + ": store large values in the blob store and keep a reference");
    }
  }
}
