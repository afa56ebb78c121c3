package dev.gennaker.agent.testing;

import dev.gennaker.agent.AgentConfig;
import dev.gennaker.agent.AgentMain;
import dev.gennaker.agent.runtime.AgentSettings;
import dev.gennaker.simcluster.SimulatedCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** Starts real agents (the production wiring of {@link AgentMain}) with test-fast timings. */
public final class AgentFixture {

  private AgentFixture() {}

  /** One-second long-polls and heartbeats, 100 ms progress ticks, 50 ms rollout polling. */
  public static AgentSettings fastSettings() {
    return new AgentSettings(
        "test",
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        Duration.ofMillis(100),
        Duration.ofSeconds(1),
        Duration.ofMillis(50),
        Duration.ofMillis(400));
  }

  /**
   * A configuration whose credential Secret and journal ConfigMap are named after {@code name}, so
   * several agents can share one simulated cluster as if each ran in its own.
   */
  public static AgentConfig config(
      URI controlPlane, String token, List<String> namespaces, String name, boolean drift) {
    return new AgentConfig(
        controlPlane,
        Optional.ofNullable(token),
        new LinkedHashSet<>(namespaces),
        "gennaker-agent",
        name + "-credential",
        name + "-journal",
        0,
        Duration.ofMillis(50),
        drift,
        fastSettings());
  }

  public static AgentMain.Running start(SimulatedCluster cluster, AgentConfig config) {
    try {
      return AgentMain.start(config, cluster.config());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
