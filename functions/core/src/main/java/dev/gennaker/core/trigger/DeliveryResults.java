package dev.gennaker.core.trigger;

import dev.gennaker.core.tenant.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Remembers, for a while, which executions an inbound delivery (a GitHub delivery id, a registry
 * notification) started, so a redelivery is answered with the same executions and starts nothing.
 *
 * <p>Processing a delivery is itself idempotent (execution ids are derived from the delivery, see
 * {@link ExecutionIds}), so this store is the fast path and the answer, not the only guard: a
 * delivery processed twice concurrently, or redelivered after a crash before it was recorded, still
 * starts each execution once. Records expire after their ttl and then read as absent.
 *
 * <p>{@link #record} replaces (idempotent). Both methods may throw {@link
 * dev.gennaker.core.store.StoreUnavailableException}. Tenants are isolated: one tenant's delivery
 * id never reads another's record. Thread-safe.
 */
public interface DeliveryResults {

  /** The executions {@code deliveryId} started, when it was already processed and not expired. */
  Optional<List<String>> find(TenantId tenant, String source, String deliveryId);

  /** Records what {@code deliveryId} started ({@code source}: {@code github}, {@code registry}). */
  void record(
      TenantId tenant, String source, String deliveryId, List<String> executionIds, Duration ttl);
}
