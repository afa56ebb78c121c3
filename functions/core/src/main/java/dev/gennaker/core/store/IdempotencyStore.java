package dev.gennaker.core.store;

import dev.gennaker.core.tenant.TenantId;
import java.time.Duration;

/**
 * Remembers inbound deliveries (GitHub delivery ids, Slack retries) for a while, so a redelivered
 * one is recognised and skipped. Expired records count as absent even before the backing store has
 * removed them. May throw {@link StoreUnavailableException}. Thread-safe.
 */
public interface IdempotencyStore {

  /**
   * Records {@code deliveryId} from {@code source} (for example {@code github}) for {@code ttl}.
   * Atomic: of any number of concurrent calls for the same unexpired delivery exactly one returns
   * true.
   *
   * @return true if this is the first sighting (process it), false if it is a duplicate
   */
  boolean firstSighting(TenantId tenant, String source, String deliveryId, Duration ttl);
}
