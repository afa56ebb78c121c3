package dev.gennaker.github;

import static dev.gennaker.core.trigger.TriggerFixture.ACME;
import static dev.gennaker.core.trigger.TriggerFixture.GLOBEX;
import static dev.gennaker.core.trigger.TriggerFixture.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.trigger.FireSchedules;
import dev.gennaker.core.trigger.InMemoryScheduleCursors;
import dev.gennaker.core.trigger.TriggerFixture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LocalSchedulerTest {
  /** A clock the test sets. */
  static final class SetClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>();

    SetClock(Instant start) {
      now.set(start);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  private final SetClock clock = new SetClock(Instant.parse("2026-11-22T05:00:30Z"));
  private final TriggerFixture f = new TriggerFixture(clock);
  private final InMemoryScheduleCursors cursors = new InMemoryScheduleCursors();

  private LocalScheduler scheduler(Duration period) {
    return new LocalScheduler(
        new FireSchedules(f.tenantPipelines(), cursors, f::start),
        () -> List.of(ACME, GLOBEX),
        clock,
        period);
  }

  @Test
  void firesEachDueMinuteOnce_acrossARestartOfTheScheduler() {
    f.applyPipeline(
        ACME,
        pipeline("orders", "every-minute", "    - type: schedule\n      cron: \"* * * * *\"\n"));
    LocalScheduler first = scheduler(Duration.ofSeconds(15));
    assertThat(first.tick()).isEmpty(); // first sight: starts from now
    clock.now.set(Instant.parse("2026-11-22T05:02:10Z"));
    assertThat(first.tick())
        .extracting(FireSchedules.Fired::at)
        .containsExactly(
            Instant.parse("2026-11-22T05:01:00Z"), Instant.parse("2026-11-22T05:02:00Z"));
    first.close();

    // down for three minutes, then a new process over the same cursors
    clock.now.set(Instant.parse("2026-11-22T05:05:05Z"));
    LocalScheduler second = scheduler(Duration.ofSeconds(15));
    assertThat(second.tick()).hasSize(3);
    assertThat(second.tick()).isEmpty();
    assertThat(f.started).hasSize(5).doesNotHaveDuplicates();
  }

  @Test
  void started_firesOnItsOwnThread() throws Exception {
    f.applyPipeline(
        GLOBEX,
        pipeline("orders", "every-minute", "    - type: schedule\n      cron: \"* * * * *\"\n"));
    scheduler(Duration.ofSeconds(60)).tick();
    clock.now.set(Instant.parse("2026-11-22T05:01:01Z"));
    try (LocalScheduler s = scheduler(Duration.ofMillis(20)).start()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (f.started.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
    assertThat(f.started).hasSize(1);
    assertThat(f.started.get(0)).startsWith("globex/sched-");
  }
}
