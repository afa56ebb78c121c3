package dev.gennaker.core.pipeline;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as users write them: {@code 30s}, {@code 15m}, {@code 24h}, {@code 7d}, {@code 1h30m}.
 */
public final class DurationText {
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+[dhms])+");
  private static final Pattern PART = Pattern.compile("(\\d+)([dhms])");

  /** The longest duration any field accepts: one year. */
  public static final Duration MAX = Duration.ofDays(366);

  private DurationText() {}

  /** The duration written in {@code text}, or empty when it is not one. */
  public static Optional<Duration> parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      long amount;
      try {
        amount = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (amount > MAX.toSeconds()) {
        return Optional.empty();
      }
      total =
          total.plus(
              switch (m.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
              });
    }
    return Optional.of(total);
  }

  /** The shortest text for a duration, e.g. {@code 1h30m}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long s = d.toSeconds();
    long[] units = {86400, 3600, 60, 1};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (s >= units[i]) {
        out.append(s / units[i]).append(names[i]);
        s %= units[i];
      }
    }
    return out.toString();
  }
}
