package dev.gennaker.agent.controlplane;

/** The control plane refused the agent's credential (revoked or unknown): retrying cannot help. */
public final class UnauthorizedException extends ControlPlaneException {
  private static final long serialVersionUID = 1L;

  public UnauthorizedException(String message) {
    super(message, null);
  }
}
