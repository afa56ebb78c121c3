package dev.gennaker.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.store.Fixtures;
import dev.gennaker.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link DeliveryResults}: every implementation runs it. */
public abstract class DeliveryResultsContract {
  protected abstract DeliveryResults newStore(Clock clock);

  /** A clock the test moves by hand. */
  protected static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
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
      return now;
    }
  }

  private MovableClock clock;
  private DeliveryResults store;
  private TenantId tenant;

  @BeforeEach
  void setUp() {
    clock = new MovableClock(Fixtures.T0);
    store = newStore(clock);
    tenant = Fixtures.freshTenant();
  }

  @Test
  void unknownDelivery_isAbsent() {
    assertThat(store.find(tenant, "github", "d-1")).isEmpty();
  }

  @Test
  void recordedDelivery_answersItsExecutions_inOrder() {
    store.record(tenant, "github", "d-1", List.of("gh-b", "gh-a"), Duration.ofHours(1));
    assertThat(store.find(tenant, "github", "d-1")).contains(List.of("gh-b", "gh-a"));
  }

  @Test
  void deliveryThatStartedNothing_isStillRecorded() {
    store.record(tenant, "github", "d-empty", List.of(), Duration.ofHours(1));
    assertThat(store.find(tenant, "github", "d-empty")).contains(List.of());
  }

  @Test
  void record_replaces() {
    store.record(tenant, "github", "d-1", List.of("gh-a"), Duration.ofHours(1));
    store.record(tenant, "github", "d-1", List.of("gh-a", "gh-b"), Duration.ofHours(1));
    assertThat(store.find(tenant, "github", "d-1")).contains(List.of("gh-a", "gh-b"));
  }

  @Test
  void tenantsAndSources_areIsolated() {
    TenantId other = Fixtures.freshTenant();
    store.record(tenant, "github", "d-1", List.of("gh-a"), Duration.ofHours(1));
    assertThat(store.find(other, "github", "d-1")).isEmpty();
    assertThat(store.find(tenant, "registry", "d-1")).isEmpty();
  }

  @Test
  void expiredRecord_readsAsAbsent() {
    store.record(tenant, "github", "d-1", List.of("gh-a"), Duration.ofMinutes(10));
    clock.advance(Duration.ofMinutes(9));
    assertThat(store.find(tenant, "github", "d-1")).isPresent();
    clock.advance(Duration.ofMinutes(2));
    assertThat(store.find(tenant, "github", "d-1")).isEmpty();
  }
}
