package dev.gennaker.core.trigger;

import static dev.gennaker.core.trigger.TriggerFixture.ACME;
import static dev.gennaker.core.trigger.TriggerFixture.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FireSchedulesTest {
  private final TriggerFixture f = new TriggerFixture();
  private final InMemoryScheduleCursors cursors = new InMemoryScheduleCursors();

  private FireSchedules scheduler(ScheduleCursors c) {
    return new FireSchedules(f.tenantPipelines(), c, f::start);
  }

  private void weekdayMorningsInBerlin() {
    f.applyPipeline(
        ACME,
        pipeline(
            "orders",
            "nightly",
            "    - type: schedule\n      cron: \"0 6 * * 1-5\"\n      timezone: Europe/Berlin\n"));
  }

  @Test
  void newSchedule_startsFromNow_thenFiresEachDueFiringOnce() {
    weekdayMorningsInBerlin();
    Instant friday = Instant.parse("2026-11-20T12:00:00Z");
    assertThat(scheduler(cursors).fireDue(ACME, friday)).isEmpty();

    // Monday 06:00 Berlin (CET, UTC+1) is 05:00Z; Tuesday's too by Tuesday noon
    Instant tuesdayNoon = Instant.parse("2026-11-24T12:00:00Z");
    List<FireSchedules.Fired> fired = scheduler(cursors).fireDue(ACME, tuesdayNoon);
    assertThat(fired)
        .extracting(FireSchedules.Fired::at)
        .containsExactly(
            Instant.parse("2026-11-23T05:00:00Z"), Instant.parse("2026-11-24T05:00:00Z"));
    assertThat(f.started).hasSize(2);
    assertThat(f.executions.get(ACME, fired.get(0).executionId()).orElseThrow().trigger().type())
        .isEqualTo("schedule");

    // a restarted scheduler (new instance, same cursors) repeats nothing
    assertThat(scheduler(cursors).fireDue(ACME, tuesdayNoon)).isEmpty();
    assertThat(f.started).hasSize(2);
  }

  @Test
  void crashBetweenStartAndCursor_neitherLosesNorRepeatsTheFiring() {
    weekdayMorningsInBerlin();
    scheduler(cursors).fireDue(ACME, Instant.parse("2026-11-20T12:00:00Z"));
    ScheduleCursors crashing =
        new ScheduleCursors() {
          @Override
          public Optional<Instant> get(TenantId tenant, String key) {
            return cursors.get(tenant, key);
          }

          @Override
          public boolean advance(
              TenantId tenant, String key, Optional<Instant> expected, Instant next) {
            throw new IllegalStateException("process died before the cursor was written");
          }
        };
    Instant mondayNoon = Instant.parse("2026-11-23T12:00:00Z");
    scheduler(crashing).fireDue(ACME, mondayNoon);
    assertThat(f.started).hasSize(1);

    List<FireSchedules.Fired> afterRestart = scheduler(cursors).fireDue(ACME, mondayNoon);
    assertThat(afterRestart).hasSize(1); // handled now, with the same execution id
    assertThat(f.started).hasSize(1); // ... which was already started: not started again
    assertThat(scheduler(cursors).fireDue(ACME, mondayNoon)).isEmpty();
  }

  @Test
  void daylightSavingGap_firesOnceShiftedForward() {
    f.applyPipeline(
        ACME,
        pipeline(
            "orders",
            "at-half-past-two",
            "    - type: schedule\n      cron: \"30 2 * * *\"\n      timezone: Europe/Berlin\n"));
    scheduler(cursors).fireDue(ACME, Instant.parse("2027-03-27T12:00:00Z"));
    List<FireSchedules.Fired> fired =
        scheduler(cursors).fireDue(ACME, Instant.parse("2027-03-29T12:00:00Z"));
    // 28 March 2027: clocks jump 02:00 -> 03:00 CET->CEST; 02:30 does not exist, fires 03:30 CEST
    assertThat(fired)
        .extracting(FireSchedules.Fired::at)
        .containsExactly(
            Instant.parse("2027-03-28T01:30:00Z"), Instant.parse("2027-03-29T00:30:00Z"));
  }

  @Test
  void longOutage_catchesUpAtMostTheCap() {
    f.applyPipeline(
        ACME,
        pipeline("orders", "every-minute", "    - type: schedule\n      cron: \"* * * * *\"\n"));
    Instant t0 = Instant.parse("2026-11-20T00:00:00Z");
    scheduler(cursors).fireDue(ACME, t0);
    List<FireSchedules.Fired> fired = scheduler(cursors).fireDue(ACME, t0.plusSeconds(3 * 3600));
    assertThat(fired).hasSize(FireSchedules.MAX_CATCH_UP);
    assertThat(scheduler(cursors).fireDue(ACME, t0.plusSeconds(3 * 3600))).isEmpty();
    assertThat(scheduler(cursors).fireDue(ACME, t0.plusSeconds(3 * 3600 + 60))).hasSize(1);
  }
}
