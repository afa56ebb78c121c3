package dev.gennaker.core.agent;

import dev.gennaker.core.tenant.TenantId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Command deliveries in memory, for tests and single-process use. */
public final class InMemoryCommandDeliveries implements CommandDeliveries {
  private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();

  private static String key(TenantId t, String agentId, String commandId) {
    return t.value() + "/" + agentId + "/" + commandId;
  }

  @Override
  public void put(TenantId tenant, String agentId, String commandId, Delivery delivery) {
    deliveries.put(key(tenant, agentId, commandId), delivery);
  }

  @Override
  public Optional<Delivery> get(TenantId tenant, String agentId, String commandId) {
    return Optional.ofNullable(deliveries.get(key(tenant, agentId, commandId)));
  }

  @Override
  public void remove(TenantId tenant, String agentId, String commandId) {
    deliveries.remove(key(tenant, agentId, commandId));
  }
}
