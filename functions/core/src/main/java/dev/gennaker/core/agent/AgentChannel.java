package dev.gennaker.core.agent;

import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.tenant.TenantId;
import java.time.Duration;
import java.util.List;

/**
 * Per-agent command queues. Delivery is at least once: a received command that is not acknowledged
 * within the visibility timeout is delivered again, and after {@code maxReceives} deliveries it
 * moves to the agent's dead-letter queue. Implementations are configured with the visibility
 * timeout and {@code maxReceives}. Failures of the backing service surface as {@link
 * dev.gennaker.core.store.StoreUnavailableException}. Thread-safe.
 */
public interface AgentChannel {

  /** Creates the agent's queue and dead-letter queue. Idempotent. */
  void open(TenantId tenant, String agentId);

  /**
   * Enqueues a command for {@code command.agentId()}.
   *
   * @throws NotFoundException if the agent's channel was never opened
   */
  void send(AgentCommand command);

  /**
   * Waits up to {@code wait} (at most 20 seconds) for commands and returns up to {@code max}
   * (1..10) of them, hidden from other receivers for the visibility timeout. Returns an empty list
   * when none arrive in time.
   *
   * @throws NotFoundException if the agent's channel was never opened
   */
  List<ReceivedCommand> receive(TenantId tenant, String agentId, int max, Duration wait);

  /** Acknowledges (deletes) a received command. Idempotent for the same receipt. */
  void ack(TenantId tenant, String agentId, String receipt);

  /**
   * Keeps a received command hidden for {@code extension} from now, while it still runs.
   *
   * @throws NotFoundException if the receipt is no longer current (acknowledged or redelivered)
   */
  void extendVisibility(TenantId tenant, String agentId, String receipt, Duration extension);

  /** Takes up to {@code max} commands from the dead-letter queue (for inspection; removes them). */
  List<AgentCommand> drainDeadLetters(TenantId tenant, String agentId, int max);
}
