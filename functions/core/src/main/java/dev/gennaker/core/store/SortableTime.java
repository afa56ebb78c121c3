package dev.gennaker.core.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Formats instants as fixed-width UTC text (nanosecond precision) so that string order is time
 * order: used in sort keys.
 */
public final class SortableTime {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private SortableTime() {}

  public static String format(Instant at) {
    return FORMAT.format(at);
  }
}
