package dev.gennaker.core.store;

import dev.gennaker.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** {@link IdempotencyStore} in memory, for tests and tools. Runs the same contract suite. */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
  private final Clock clock;
  private final Map<String, Instant> expiries = new HashMap<>();

  public InMemoryIdempotencyStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized boolean firstSighting(
      TenantId tenant, String source, String deliveryId, Duration ttl) {
    String key =
        tenant.value()
            + "/"
            + Ids.require("source", source)
            + "/"
            + Ids.require("delivery id", deliveryId);
    Instant now = clock.instant();
    Instant expiry = expiries.get(key);
    if (expiry != null && expiry.isAfter(now)) {
      return false;
    }
    expiries.put(key, now.plus(ttl));
    return true;
  }
}
