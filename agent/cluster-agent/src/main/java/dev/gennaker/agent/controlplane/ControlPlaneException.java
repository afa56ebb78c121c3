package dev.gennaker.agent.controlplane;

/** A call to the control plane failed; subclasses say whether retrying can help. */
public class ControlPlaneException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ControlPlaneException(String message, Throwable cause) {
    super(message, cause);
  }
}
