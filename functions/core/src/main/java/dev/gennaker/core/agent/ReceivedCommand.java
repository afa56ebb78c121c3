package dev.gennaker.core.agent;

import java.util.Objects;

/**
 * A command as received: {@code receipt} identifies this delivery (for ack and visibility
 * extension), {@code receiveCount} counts deliveries so far (1 on the first).
 */
public record ReceivedCommand(AgentCommand command, String receipt, int receiveCount) {
  public ReceivedCommand {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(receipt, "receipt");
  }
}
