package dev.gennaker.agent.controlplane;

import java.util.List;

/**
 * Body of {@code POST /v1/agent/heartbeat}.
 *
 * @param agentVersion the agent's version
 * @param kubernetesVersion the cluster's version
 * @param namespaces the namespace allow-list
 * @param running progress of the commands being worked on (empty when idle)
 */
public record Heartbeat(
    String agentVersion,
    String kubernetesVersion,
    List<String> namespaces,
    List<Progress> running) {

  /** Progress of one command, e.g. "Deployment shop/web: 3/5 replicas updated". */
  public record Progress(String commandId, String message) {}
}
