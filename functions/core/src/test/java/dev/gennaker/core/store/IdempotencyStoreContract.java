package dev.gennaker.core.store;

import static dev.gennaker.core.store.Fixtures.T0;
import static dev.gennaker.core.store.Fixtures.freshTenant;
import static dev.gennaker.core.store.Fixtures.race;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link IdempotencyStore}. */
public abstract class IdempotencyStoreContract {
  protected abstract IdempotencyStore newStore(Clock clock);

  /** A clock the test moves by hand. */
  static final class MovableClock extends Clock {
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
  private IdempotencyStore store;
  private TenantId tenant;

  @BeforeEach
  void setUp() {
    clock = new MovableClock(T0);
    store = newStore(clock);
    tenant = freshTenant();
  }

  @Test
  void firstSighting_thenDuplicate_untilItExpires() {
    assertThat(store.firstSighting(tenant, "github", "d-1", Duration.ofHours(1))).isTrue();
    assertThat(store.firstSighting(tenant, "github", "d-1", Duration.ofHours(1))).isFalse();
    assertThat(store.firstSighting(tenant, "slack", "d-1", Duration.ofHours(1))).isTrue();
    clock.advance(Duration.ofMinutes(59));
    assertThat(store.firstSighting(tenant, "github", "d-1", Duration.ofHours(1))).isFalse();
    clock.advance(Duration.ofMinutes(2));
    // Expired: counts as absent even if the backing store has not removed it yet.
    assertThat(store.firstSighting(tenant, "github", "d-1", Duration.ofHours(1))).isTrue();
    assertThat(store.firstSighting(tenant, "github", "d-1", Duration.ofHours(1))).isFalse();
  }

  @Test
  void concurrentSightings_exactlyOneIsFirst() throws Exception {
    List<Object> results =
        race(10, i -> () -> store.firstSighting(tenant, "github", "d-race", Duration.ofHours(1)));
    assertThat(results).filteredOn(Boolean.TRUE::equals).hasSize(1);
    assertThat(results).filteredOn(Boolean.FALSE::equals).hasSize(9);
  }

  @Test
  void tenantB_doesNotSeeTenantAsDeliveries() {
    assertThat(store.firstSighting(tenant, "github", "d-1", Duration.ofHours(1))).isTrue();
    assertThat(store.firstSighting(freshTenant(), "github", "d-1", Duration.ofHours(1))).isTrue();
  }
}
