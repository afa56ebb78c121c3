package dev.gennaker.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.store.Fixtures;
import dev.gennaker.core.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link ScheduleCursors}: every implementation runs it. */
public abstract class ScheduleCursorsContract {
  protected abstract ScheduleCursors newStore();

  private ScheduleCursors store;
  private TenantId tenant;
  private final Instant t0 = Fixtures.T0;

  @BeforeEach
  void setUp() {
    store = newStore();
    tenant = Fixtures.freshTenant();
  }

  @Test
  void unseenSchedule_hasNoCursor() {
    assertThat(store.get(tenant, "sched-1")).isEmpty();
  }

  @Test
  void advance_fromExpected_moves_andFromStale_changesNothing() {
    assertThat(store.advance(tenant, "sched-1", Optional.empty(), t0)).isTrue();
    assertThat(store.get(tenant, "sched-1")).contains(t0);
    assertThat(store.advance(tenant, "sched-1", Optional.empty(), t0.plusSeconds(60))).isFalse();
    Instant later = t0.plusSeconds(3600);
    assertThat(store.advance(tenant, "sched-1", Optional.of(t0), later)).isTrue();
    assertThat(store.advance(tenant, "sched-1", Optional.of(t0), later.plusSeconds(1))).isFalse();
    assertThat(store.get(tenant, "sched-1")).contains(later);
  }

  @Test
  void tenants_areIsolated() {
    store.advance(tenant, "sched-1", Optional.empty(), t0);
    assertThat(store.get(Fixtures.freshTenant(), "sched-1")).isEmpty();
  }

  @Test
  void concurrentAdvances_fromTheSameCursor_exactlyOneWins() throws Exception {
    store.advance(tenant, "sched-1", Optional.empty(), t0);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> calls =
          java.util.stream.IntStream.range(0, 8)
              .<Callable<Boolean>>mapToObj(
                  i -> () -> store.advance(tenant, "sched-1", Optional.of(t0), t0.plusSeconds(60)))
              .toList();
      long wins = 0;
      for (Future<Boolean> f : pool.invokeAll(calls)) {
        if (f.get()) {
          wins++;
        }
      }
      assertThat(wins).isEqualTo(1);
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(store.get(tenant, "sched-1")).contains(t0.plus(Duration.ofSeconds(60)));
  }
}
