package dev.gennaker.agent.kube;

/** A command the agent will not run (outside the allow-list, malformed): no change was made. */
public final class CommandRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CommandRefusedException(String message) {
    super(message);
  }
}
