package dev.gennaker.agent.controlplane;

import java.time.Duration;
import java.util.List;

/**
 * What the agent needs from the control plane. The agent always dials out; the control plane never
 * calls into a cluster.
 *
 * <p><b>Idempotency.</b> Commands are delivered at least once: a command is handed out again when
 * its result has not been acknowledged within the queue's visibility timeout, so the agent keys its
 * work by {@link Command#id()}. {@link #postResult} is idempotent on the control-plane side by
 * command id: posting the same result twice records it once and acknowledges both times.
 * Heartbeats, events and inventory are fire-and-forget snapshots; sending one twice is harmless.
 *
 * <p><b>Errors.</b> Every method throws {@link ControlPlaneUnavailableException} when the control
 * plane cannot be reached or answers 5xx/429 (the caller backs off and retries), {@link
 * UnauthorizedException} when the credential is refused (retrying will not help), and {@link
 * RegistrationRefusedException} from {@link #register} when the token is unknown, expired or
 * already used.
 *
 * <p><b>Threading.</b> Implementations are thread-safe: the agent polls, posts results and sends
 * heartbeats from different threads at once. {@link #receiveCommands} blocks up to its wait.
 */
public interface ControlPlane {

  /**
   * Exchanges a one-time registration token for the agent's long-lived credential. The token cannot
   * be exchanged twice.
   */
  Registration register(RegistrationRequest request);

  /** Uses this credential for every later call (after registration, or loaded from the cluster). */
  void useCredential(String credential);

  /**
   * Long-polls the agent's command queue: returns as soon as commands are available, or an empty
   * list after {@code wait}.
   */
  List<Command> receiveCommands(Duration wait);

  /**
   * Posts a command's result and returns once the control plane has acknowledged it (stored it
   * durably). Safe to repeat.
   */
  void postResult(CommandResult result);

  /** Reports that the agent is alive, with its versions and the progress of running commands. */
  void heartbeat(Heartbeat heartbeat);

  /** Posts events seen in the cluster (drift of managed objects). */
  void postEvents(List<AgentEvent> events);

  /** Posts a snapshot of the objects the agent manages. */
  void postInventory(Inventory inventory);
}
