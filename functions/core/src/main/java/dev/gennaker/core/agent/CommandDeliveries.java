package dev.gennaker.core.agent;

import dev.gennaker.core.tenant.TenantId;
import java.util.Map;
import java.util.Optional;

/**
 * What the control plane remembers of each command it handed to an agent: the queue receipt that
 * acknowledges it and the stage it serves, so that a result arriving at any instance of the API
 * completes the right stage and deletes the message. Puts replace (a redelivery brings a new
 * receipt); removes are idempotent. Thread-safe.
 */
public interface CommandDeliveries {

  /**
   * @param receipt the queue receipt of the latest delivery
   * @param type the command type
   * @param parameters the command's parameters (execution, stage, attempt, action)
   */
  record Delivery(String receipt, String type, Map<String, String> parameters) {
    public Delivery {
      parameters = Map.copyOf(parameters);
    }
  }

  void put(TenantId tenant, String agentId, String commandId, Delivery delivery);

  Optional<Delivery> get(TenantId tenant, String agentId, String commandId);

  void remove(TenantId tenant, String agentId, String commandId);
}
