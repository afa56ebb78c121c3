package dev.gennaker.core.pipeline;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A standard five-field cron expression ({@code minute hour day-of-month month day-of-week}) with
 * lists, ranges, steps, month and weekday names, and the macros {@code @hourly}, {@code @daily},
 * {@code @weekly}, {@code @monthly} and {@code @yearly}. As in Vixie cron, when both day fields are
 * restricted a day matching either one fires.
 */
public final class CronExpression {
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");
  private static final String[] FIELD_NAMES = {
    "minute", "hour", "day of month", "month", "day of week"
  };
  private static final int[] MIN = {0, 0, 1, 1, 0};
  private static final int[] MAX = {59, 23, 31, 12, 7};
  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  private final String text;
  private final BitSet[] fields;
  private final boolean dayOfMonthRestricted;
  private final boolean dayOfWeekRestricted;

  private CronExpression(String text, BitSet[] fields, boolean dom, boolean dow) {
    this.text = text;
    this.fields = fields;
    this.dayOfMonthRestricted = dom;
    this.dayOfWeekRestricted = dow;
  }

  /** Thrown for an expression that cannot be parsed; the message names the field at fault. */
  public static final class InvalidCronException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidCronException(String message) {
      super(message);
    }
  }

  public static CronExpression parse(String text) {
    String trimmed = text.trim();
    String expanded = MACROS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
    if (expanded.startsWith("@")) {
      throw new InvalidCronException(
          "unknown macro \"" + trimmed + "\"; use one of " + String.join(", ", MACROS.keySet()));
    }
    String[] parts = expanded.split("\\s+");
    if (parts.length != 5) {
      throw new InvalidCronException(
          "a cron expression has 5 fields (minute hour day-of-month month day-of-week), found "
              + parts.length);
    }
    BitSet[] fields = new BitSet[5];
    for (int i = 0; i < 5; i++) {
      fields[i] = parseField(parts[i], i);
    }
    if (fields[4].get(7)) {
      fields[4].set(0); // 7 is Sunday too
    }
    return new CronExpression(text, fields, !parts[2].equals("*"), !parts[4].equals("*"));
  }

  private static BitSet parseField(String field, int index) {
    BitSet bits = new BitSet();
    for (String item : field.split(",", -1)) {
      if (item.isEmpty()) {
        throw invalid(index, field, "an empty list item");
      }
      String range = item;
      int step = 1;
      int slash = item.indexOf('/');
      if (slash >= 0) {
        range = item.substring(0, slash);
        step = number(item.substring(slash + 1), index, field);
        if (step < 1) {
          throw invalid(index, field, "a step of 0");
        }
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = MIN[index];
        to = index == 4 ? 6 : MAX[index];
      } else if (range.contains("-")) {
        String[] ends = range.split("-", -1);
        if (ends.length != 2) {
          throw invalid(index, field, "a malformed range \"" + range + "\"");
        }
        from = value(ends[0], index, field);
        to = value(ends[1], index, field);
        if (from > to) {
          throw invalid(index, field, "a range that runs backwards \"" + range + "\"");
        }
      } else {
        from = value(range, index, field);
        to = slash >= 0 ? (index == 4 ? 6 : MAX[index]) : from;
      }
      for (int v = from; v <= to; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int value(String token, int index, String field) {
    String upper = token.toUpperCase(Locale.ROOT);
    String[] names = index == 3 ? MONTHS : index == 4 ? DAYS : null;
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(upper)) {
          return index == 3 ? i + 1 : i;
        }
      }
    }
    int v = number(token, index, field);
    if (v < MIN[index] || v > MAX[index]) {
      throw invalid(
          index,
          field,
          token
              + ", outside "
              + MIN[index]
              + "-"
              + MAX[index]
              + (names == null ? "" : " and names"));
    }
    return v;
  }

  private static int number(String token, int index, String field) {
    if (!token.matches("\\d{1,4}")) {
      throw invalid(index, field, "\"" + token + "\", which is not a number");
    }
    return Integer.parseInt(token);
  }

  private static InvalidCronException invalid(int index, String field, String what) {
    return new InvalidCronException(
        "the " + FIELD_NAMES[index] + " field \"" + field + "\" has " + what);
  }

  /**
   * The first firing strictly after {@code after}, in {@code zone}. A local time that does not
   * exist (a daylight-saving gap) fires shifted forward by the length of the gap (02:30 becomes
   * 03:30); a local time that occurs twice (the overlap) fires once, at its first occurrence.
   */
  public Optional<ZonedDateTime> next(ZonedDateTime after, ZoneId zone) {
    ZonedDateTime start = after.withZoneSameInstant(zone);
    LocalDateTime cursor = start.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    LocalDate day = cursor.toLocalDate();
    LocalDate limit = day.plusYears(8);
    while (!day.isAfter(limit)) {
      if (fields[3].get(day.getMonthValue()) && dayMatches(day)) {
        LocalTime from = day.equals(cursor.toLocalDate()) ? cursor.toLocalTime() : LocalTime.MIN;
        for (int h = from.getHour(); h < 24; h = fields[1].nextSetBit(h + 1)) {
          if (h < 0) {
            break;
          }
          if (!fields[1].get(h)) {
            continue;
          }
          int m0 = h == from.getHour() ? from.getMinute() : 0;
          int m = fields[0].nextSetBit(m0);
          if (m < 0) {
            continue;
          }
          ZonedDateTime fire = ZonedDateTime.ofLocal(day.atTime(h, m), zone, null);
          if (fire.isAfter(after)) {
            return Optional.of(fire);
          }
        }
      }
      day = day.plusDays(1);
    }
    return Optional.empty();
  }

  private boolean dayMatches(LocalDate day) {
    boolean dom = fields[2].get(day.getDayOfMonth());
    boolean dow = fields[4].get(day.getDayOfWeek().getValue() % 7);
    if (dayOfMonthRestricted && dayOfWeekRestricted) {
      return dom || dow;
    }
    return dom && dow;
  }

  @Override
  public String toString() {
    return text;
  }
}
