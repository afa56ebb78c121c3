package dev.gennaker.agent.controlplane;

/**
 * The control plane's answer to a registration.
 *
 * @param agentId the agent's id (bound to tenant and cluster on the control-plane side)
 * @param credential the long-lived credential; shown once, stored by the agent in a Secret
 */
public record Registration(String agentId, String credential) {
  @Override
  public String toString() {
    return "Registration[agentId=" + agentId + ", credential=<redacted>]";
  }
}
