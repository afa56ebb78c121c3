package dev.gennaker.agent.controlplane;

import java.util.List;

/**
 * Body of {@code POST /v1/agent/register}.
 *
 * @param registrationToken the one-time token from the portal (never logged)
 * @param agentVersion this agent's version
 * @param kubernetesVersion the cluster's version as its API server reports it
 * @param namespaces the namespace allow-list the agent enforces
 */
public record RegistrationRequest(
    String registrationToken,
    String agentVersion,
    String kubernetesVersion,
    List<String> namespaces) {

  @Override
  public String toString() {
    return "RegistrationRequest[agentVersion=" + agentVersion + ", token=<redacted>]";
  }
}
