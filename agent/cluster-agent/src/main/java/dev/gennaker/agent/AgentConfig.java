package dev.gennaker.agent;

import dev.gennaker.agent.runtime.AgentSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's configuration, read once from environment variables (see {@code docs/agent.md}).
 * {@link #toString()} never shows the registration token.
 *
 * @param controlPlaneUrl {@code GENNAKER_CONTROL_PLANE_URL}
 * @param registrationToken {@code GENNAKER_REGISTRATION_TOKEN}; not needed once registered
 * @param namespaces {@code GENNAKER_NAMESPACES}, comma-separated allow-list
 * @param agentNamespace {@code GENNAKER_AGENT_NAMESPACE} (else {@code POD_NAMESPACE}, else {@code
 *     gennaker-agent}): where the credential Secret and the journal ConfigMap live
 * @param credentialSecret {@code GENNAKER_CREDENTIAL_SECRET}, default {@code
 *     gennaker-agent-credential}
 * @param journalConfigMap {@code GENNAKER_JOURNAL_CONFIGMAP}, default {@code
 *     gennaker-agent-journal}
 * @param healthPort {@code GENNAKER_HEALTH_PORT}, default 8080
 * @param rolloutPoll {@code GENNAKER_ROLLOUT_POLL_MILLIS}, default 2000
 * @param drift {@code GENNAKER_DRIFT}, default true
 * @param settings loop timings ({@code GENNAKER_POLL_WAIT_SECONDS}, {@code
 *     GENNAKER_HEARTBEAT_SECONDS}, {@code GENNAKER_PROGRESS_SECONDS}, {@code
 *     GENNAKER_INVENTORY_SECONDS})
 */
public record AgentConfig(
    URI controlPlaneUrl,
    Optional<String> registrationToken,
    Set<String> namespaces,
    String agentNamespace,
    String credentialSecret,
    String journalConfigMap,
    int healthPort,
    Duration rolloutPoll,
    boolean drift,
    AgentSettings settings) {

  /** The agent's version, from the jar manifest when packaged. */
  public static String version() {
    String v = AgentConfig.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  /** Reads the configuration; throws {@link IllegalArgumentException} naming what is missing. */
  public static AgentConfig fromEnvironment(Map<String, String> env) {
    String url = require(env, "GENNAKER_CONTROL_PLANE_URL");
    Set<String> namespaces = new LinkedHashSet<>();
    Arrays.stream(require(env, "GENNAKER_NAMESPACES").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .forEach(namespaces::add);
    if (namespaces.isEmpty()) {
      throw new IllegalArgumentException("GENNAKER_NAMESPACES lists no namespace");
    }
    AgentSettings d = AgentSettings.defaults(version());
    AgentSettings settings =
        new AgentSettings(
            d.agentVersion(),
            seconds(env, "GENNAKER_POLL_WAIT_SECONDS", d.pollWait()),
            seconds(env, "GENNAKER_HEARTBEAT_SECONDS", d.heartbeatInterval()),
            seconds(env, "GENNAKER_PROGRESS_SECONDS", d.progressInterval()),
            seconds(env, "GENNAKER_INVENTORY_SECONDS", d.inventoryInterval()),
            d.backoffBase(),
            d.backoffMax());
    return new AgentConfig(
        URI.create(url),
        Optional.ofNullable(env.get("GENNAKER_REGISTRATION_TOKEN")).filter(s -> !s.isBlank()),
        namespaces,
        env.getOrDefault(
            "GENNAKER_AGENT_NAMESPACE", env.getOrDefault("POD_NAMESPACE", "gennaker-agent")),
        env.getOrDefault("GENNAKER_CREDENTIAL_SECRET", "gennaker-agent-credential"),
        env.getOrDefault("GENNAKER_JOURNAL_CONFIGMAP", "gennaker-agent-journal"),
        Integer.parseInt(env.getOrDefault("GENNAKER_HEALTH_PORT", "8080")),
        Duration.ofMillis(Long.parseLong(env.getOrDefault("GENNAKER_ROLLOUT_POLL_MILLIS", "2000"))),
        Boolean.parseBoolean(env.getOrDefault("GENNAKER_DRIFT", "true")),
        settings);
  }

  private static String require(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(name + " is not set");
    }
    return v;
  }

  private static Duration seconds(Map<String, String> env, String name, Duration fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : Duration.ofSeconds(Long.parseLong(v));
  }

  @Override
  public String toString() {
    return "AgentConfig[controlPlaneUrl="
        + controlPlaneUrl
        + ", registrationToken="
        + (registrationToken.isPresent() ? "<set>" : "<unset>")
        + ", namespaces="
        + namespaces
        + ", agentNamespace="
        + agentNamespace
        + ", healthPort="
        + healthPort
        + "]";
  }
}
