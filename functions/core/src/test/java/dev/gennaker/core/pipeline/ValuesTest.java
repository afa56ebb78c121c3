package dev.gennaker.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Durations, globs and cron expressions as users write them. */
class ValuesTest {

  @Test
  void durations_parseEveryUnitAndCombinations() {
    assertThat(DurationText.parse("30s")).contains(Duration.ofSeconds(30));
    assertThat(DurationText.parse("15m")).contains(Duration.ofMinutes(15));
    assertThat(DurationText.parse("24h")).contains(Duration.ofHours(24));
    assertThat(DurationText.parse("7d")).contains(Duration.ofDays(7));
    assertThat(DurationText.parse("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(DurationText.parse("15 m")).isEmpty();
    assertThat(DurationText.parse("15")).isEmpty();
    assertThat(DurationText.parse("1w")).isEmpty();
    assertThat(DurationText.parse("99999999999999999999s")).isEmpty();
    assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
  }

  @Test
  void globs_matchWithinAndAcrossSegments() {
    assertThat(Glob.compile("release/*").matches("release/1.2")).isTrue();
    assertThat(Glob.compile("release/*").matches("release/1.2/hotfix")).isFalse();
    assertThat(Glob.compile("deploy/**").matches("deploy/k8s/app.yaml")).isTrue();
    assertThat(Glob.compile("**/*.yaml").matches("app.yaml")).isTrue();
    assertThat(Glob.compile("**/*.yaml").matches("a/b/app.yaml")).isTrue();
    assertThat(Glob.compile("v?.*").matches("v1.0")).isTrue();
    assertThat(Glob.compile("v[0-9]*").matches("v2")).isTrue();
    assertThat(Glob.compile("v[!0-9]*").matches("v2")).isFalse();
    assertThat(Glob.compile("{main,develop}").matches("develop")).isTrue();
    assertThat(Glob.compile("src/{api,web}/**").matches("src/web/x/y.ts")).isTrue();
    assertThat(Glob.compile("a.b").matches("axb")).isFalse();
  }

  @Test
  void globs_refuseMalformedPatternsWithAReason() {
    assertThatThrownBy(() -> Glob.compile("release/[0-9"))
        .hasMessage("\"[\" at position 9 is never closed");
    assertThatThrownBy(() -> Glob.compile("{a,b")).hasMessage("\"{\" is never closed");
    assertThatThrownBy(() -> Glob.compile("a}")).hasMessage("\"}\" at position 2 has no \"{\"");
    assertThatThrownBy(() -> Glob.compile("")).hasMessage("the pattern is empty");
  }

  @Test
  void cron_parsesListsRangesStepsNamesAndMacros() {
    ZoneId utc = ZoneId.of("UTC");
    ZonedDateTime monday = ZonedDateTime.of(2026, 11, 23, 5, 0, 0, 0, utc);
    assertThat(CronExpression.parse("0 6 * * 1-5").next(monday, utc)).contains(monday.withHour(6));
    assertThat(CronExpression.parse("*/15 * * * *").next(monday, utc))
        .contains(monday.withMinute(15));
    assertThat(CronExpression.parse("0 0 1 JAN *").next(monday, utc))
        .contains(ZonedDateTime.of(2027, 1, 1, 0, 0, 0, 0, utc));
    assertThat(CronExpression.parse("@daily").next(monday, utc))
        .contains(ZonedDateTime.of(2026, 11, 24, 0, 0, 0, 0, utc));
    assertThat(CronExpression.parse("30 9 * * SAT,SUN").next(monday, utc))
        .contains(ZonedDateTime.of(2026, 11, 28, 9, 30, 0, 0, utc));
    // Both day fields restricted: either one matches (Vixie cron).
    assertThat(CronExpression.parse("0 0 1 * MON").next(monday, utc))
        .contains(ZonedDateTime.of(2026, 11, 30, 0, 0, 0, 0, utc));
  }

  @Test
  void cron_isCorrectAcrossDaylightSavingChanges() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    // 2027-03-28: clocks go from 02:00 to 03:00. A 02:30 job runs shifted by the gap.
    ZonedDateTime before = ZonedDateTime.of(2027, 3, 27, 12, 0, 0, 0, berlin);
    ZonedDateTime fire = CronExpression.parse("30 2 * * *").next(before, berlin).orElseThrow();
    assertThat(fire.toLocalDateTime().toString()).isEqualTo("2027-03-28T03:30");
    // 2027-10-31: 02:30 happens twice; the job fires once.
    ZonedDateTime autumn = ZonedDateTime.of(2027, 10, 31, 0, 0, 0, 0, berlin);
    CronExpression c = CronExpression.parse("30 2 * * *");
    ZonedDateTime first = c.next(autumn, berlin).orElseThrow();
    ZonedDateTime second = c.next(first, berlin).orElseThrow();
    assertThat(first.toLocalDate().toString()).isEqualTo("2027-10-31");
    assertThat(second.toLocalDate().toString()).isEqualTo("2027-11-01");
    // 06:00 local stays 06:00 local on both sides of the change.
    ZonedDateTime six = CronExpression.parse("0 6 * * *").next(before, berlin).orElseThrow();
    assertThat(six.getHour()).isEqualTo(6);
    assertThat(six.getOffset().getTotalSeconds()).isEqualTo(7200);
  }

  @Test
  void cron_namesTheFieldAtFault() {
    assertThatThrownBy(() -> CronExpression.parse("0 25 * * *"))
        .hasMessage("the hour field \"25\" has 25, outside 0-23");
    assertThatThrownBy(() -> CronExpression.parse("0 6 * *"))
        .hasMessageContaining("has 5 fields")
        .hasMessageContaining("found 4");
    assertThatThrownBy(() -> CronExpression.parse("*/0 * * * *"))
        .hasMessage("the minute field \"*/0\" has a step of 0");
    assertThatThrownBy(() -> CronExpression.parse("0 0 * * FUN"))
        .hasMessageContaining("day of week");
    assertThatThrownBy(() -> CronExpression.parse("@sometimes"))
        .hasMessageContaining("unknown macro");
  }
}
