package dev.gennaker.agent.controlplane;

/** The control plane could not be reached or is overloaded: back off and retry. */
public final class ControlPlaneUnavailableException extends ControlPlaneException {
  private static final long serialVersionUID = 1L;

  public ControlPlaneUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
