package dev.gennaker.agent.runtime;

import java.time.Duration;

/**
 * Timings of the agent's loops.
 *
 * @param agentVersion reported at registration and in heartbeats
 * @param pollWait long-poll wait of one {@code GET /v1/agent/commands}
 * @param heartbeatInterval heartbeat period while idle
 * @param progressInterval heartbeat period while a command runs (carries progress)
 * @param inventoryInterval how often the inventory is re-posted when it changed
 * @param backoffBase first wait after a failed call to the control plane
 * @param backoffMax longest wait between retries
 */
public record AgentSettings(
    String agentVersion,
    Duration pollWait,
    Duration heartbeatInterval,
    Duration progressInterval,
    Duration inventoryInterval,
    Duration backoffBase,
    Duration backoffMax) {

  /** Production defaults: 20 s long-polls, a heartbeat a minute, inventory every 5 minutes. */
  public static AgentSettings defaults(String agentVersion) {
    return new AgentSettings(
        agentVersion,
        Duration.ofSeconds(20),
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        Duration.ofMinutes(5),
        Duration.ofMillis(500),
        Duration.ofSeconds(60));
  }

  /** Control-plane requests per minute of one idle agent with these settings. */
  public double idleRequestsPerMinute() {
    return 60.0 / pollWait.toSeconds()
        + 60.0 / heartbeatInterval.toSeconds()
        + 60.0 / inventoryInterval.toSeconds();
  }
}
