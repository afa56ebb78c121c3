package dev.gennaker.agent;

import dev.gennaker.agent.controlplane.HttpControlPlane;
import dev.gennaker.agent.inventory.DriftWatcher;
import dev.gennaker.agent.kube.CommandExecutor;
import dev.gennaker.agent.kube.NamespacePolicy;
import dev.gennaker.agent.kube.Workloads;
import dev.gennaker.agent.runtime.Agent;
import dev.gennaker.agent.runtime.HealthServer;
import dev.gennaker.agent.state.ConfigMapCommandJournal;
import dev.gennaker.agent.state.SecretCredentialStore;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * Entry point of the agent jar: reads {@link AgentConfig} from the environment, builds everything
 * with {@code new}, starts the agent and its health endpoint, and runs until the process is told to
 * stop. The Kubernetes client configures itself the usual way: in-cluster service account, or
 * {@code KUBECONFIG} / {@code ~/.kube/config} outside a cluster.
 */
public final class AgentMain {

  private static final Logger LOG = Logger.getLogger(AgentMain.class.getName());

  private AgentMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    System.setProperty(
        "java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s %5$s%6$s%n");
    AgentConfig config;
    try {
      config = AgentConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.severe("event=bad-configuration reason=\"" + e.getMessage() + "\"");
      System.exit(2);
      return;
    }
    LOG.info("event=starting config=" + config);
    Running running;
    try {
      running = start(config, Config.autoConfigure(null));
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      // Exit so Kubernetes restarts us with backoff; one line that says what to fix.
      LOG.severe(
          "event=kubernetes-unreachable reason=\""
              + Workloads.rootMessage(e)
              + "\" hint=\"check the service account, its Role in "
              + config.agentNamespace()
              + ", or KUBECONFIG\"");
      System.exit(3);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  running.close();
                  stopped.countDown();
                },
                "gennaker-agent-shutdown"));
    stopped.await();
  }

  /** Wires an agent for {@code config} against the cluster of {@code kubernetes}, and starts it. */
  public static Running start(AgentConfig config, Config kubernetes) throws IOException {
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(kubernetes)
            .withHttpClientFactory(new JdkHttpClientFactory())
            .build();
    Clock clock = Clock.systemUTC();
    HttpControlPlane controlPlane =
        new HttpControlPlane(config.controlPlaneUrl(), Duration.ofSeconds(30));
    NamespacePolicy policy = new NamespacePolicy(config.namespaces());
    Workloads workloads = new Workloads(client, clock, config.rolloutPoll());
    CommandExecutor executor = new CommandExecutor(workloads, policy, controlPlane::fetchBlob);
    DriftWatcher drift =
        config.drift() ? new DriftWatcher(client, new ArrayList<>(policy.allowed())) : null;
    if (drift != null) {
      workloads.onDelete(drift::expectDeletion);
    }
    Agent agent =
        new Agent(
            controlPlane,
            new SecretCredentialStore(client, config.agentNamespace(), config.credentialSecret()),
            new ConfigMapCommandJournal(
                client, config.agentNamespace(), config.journalConfigMap(), 200),
            executor,
            policy,
            () -> client.getKubernetesVersion().getGitVersion(),
            config.registrationToken(),
            drift,
            config.settings(),
            clock);
    HealthServer health = new HealthServer(config.healthPort(), agent);
    agent.start();
    return new Running(agent, health, client);
  }

  /** A started agent and what it holds; closing stops all of it. */
  public record Running(Agent agent, HealthServer health, KubernetesClient client)
      implements AutoCloseable {
    @Override
    public void close() {
      agent.close();
      health.close();
      client.close();
    }

    /** Stops abruptly, as a killed process would (tests). */
    public void kill() {
      agent.kill();
      health.close();
      client.close();
    }
  }
}
