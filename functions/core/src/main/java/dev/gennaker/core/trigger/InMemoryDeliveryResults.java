package dev.gennaker.core.trigger;

import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link DeliveryResults} in memory, for tests and tools. Runs the same contract suite. */
public final class InMemoryDeliveryResults implements DeliveryResults {
  private record Entry(List<String> executionIds, Instant expiry) {}

  private final Clock clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public InMemoryDeliveryResults(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Optional<List<String>> find(TenantId tenant, String source, String deliveryId) {
    Entry e = entries.get(key(tenant, source, deliveryId));
    if (e == null || !e.expiry().isAfter(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(e.executionIds());
  }

  @Override
  public void record(
      TenantId tenant, String source, String deliveryId, List<String> executionIds, Duration ttl) {
    entries.put(
        key(tenant, source, deliveryId),
        new Entry(List.copyOf(executionIds), clock.instant().plus(ttl)));
  }

  private static String key(TenantId tenant, String source, String deliveryId) {
    return tenant.value()
        + "/"
        + Ids.require("source", source)
        + "/"
        + Ids.require("delivery id", deliveryId);
  }
}
