package dev.gennaker.agent.controlplane;

/**
 * The registration token was refused: unknown, expired or already used. A new token from the portal
 * is needed; the message says which case it is when the control plane told us.
 */
public final class RegistrationRefusedException extends ControlPlaneException {
  private static final long serialVersionUID = 1L;

  public RegistrationRefusedException(String message) {
    super(message, null);
  }
}
