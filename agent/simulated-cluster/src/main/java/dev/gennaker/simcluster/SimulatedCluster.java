package dev.gennaker.simcluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.time.Clock;
import java.util.HashMap;

/**
 * A SIMULATED Kubernetes cluster for tests and the local demo mode — a fixture, not a cluster.
 *
 * <p>It serves a Kubernetes API over HTTP on the loopback interface (fabric8's API mock in CRUD
 * mode, extended by {@link SimulatedApiDispatcher}) and runs a rollout simulator that plays the
 * controllers: Deployments get ReplicaSets, Pods and status that move over the time given by {@link
 * RolloutSettings}; Jobs complete; failures can be injected by image name. Anything that speaks the
 * Kubernetes API, such as the Gennaker agent, uses it through {@link #config()}.
 *
 * <p>What it does not simulate: scheduling, nodes, networking, admission, RBAC (every request is
 * allowed), CRDs beyond fabric8's mock, finalizers run by controllers. See {@code README.md}.
 */
public final class SimulatedCluster implements AutoCloseable {

  /** The Kubernetes version the simulated API reports on {@code /version}. */
  public static final String KUBERNETES_VERSION = "1.31";

  // Held so the level sticks: the mock web server logs every request at INFO.
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final SimulatedApiDispatcher dispatcher;
  private final KubernetesClient client;
  private final RolloutSimulator simulator;

  private SimulatedCluster(RolloutSettings settings, Clock clock) {
    this.dispatcher = new SimulatedApiDispatcher(clock, KUBERNETES_VERSION);
    this.dispatcher.podLogs(RolloutSimulator::logs);
    this.server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            dispatcher,
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    this.client = newClient("default");
    this.simulator = new RolloutSimulator(newClient("default"), settings, clock);
  }

  /** Starts a simulated cluster on a free loopback port with the given pace. */
  public static SimulatedCluster start(RolloutSettings settings) {
    return new SimulatedCluster(settings, Clock.systemUTC());
  }

  /** As {@link #start(RolloutSettings)}, with the controllers' time taken from {@code clock}. */
  public static SimulatedCluster start(RolloutSettings settings, Clock clock) {
    return new SimulatedCluster(settings, clock);
  }

  /** The API server's base URL, e.g. {@code http://127.0.0.1:34567/}. */
  public String url() {
    return server.url("/");
  }

  /** Client configuration for this cluster, default namespace {@code default}. */
  public Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withNamespace("default")
        .withTrustCerts(true)
        .withRequestRetryBackoffLimit(0)
        .build();
  }

  /** An administrator's client (shared; do not close it). */
  public KubernetesClient client() {
    return client;
  }

  /** A new client with its own connections, for code that closes what it is given. */
  public KubernetesClient newClient(String namespace) {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(config()).withNamespace(namespace).build())
        .withHttpClientFactory(new JdkHttpClientFactory())
        .build();
  }

  /** Pods of images containing {@code imageFragment} will fail to pull ({@code ErrImagePull}). */
  public SimulatedCluster failImagePull(String imageFragment) {
    simulator.failImagePull(imageFragment);
    return this;
  }

  /** Pods of images containing {@code imageFragment} start but never become ready. */
  public SimulatedCluster failReadiness(String imageFragment) {
    simulator.failReadiness(imageFragment);
    return this;
  }

  /** Stops injecting failures: stuck rollouts proceed (the image "got fixed"). */
  public SimulatedCluster clearFailures() {
    simulator.clearFailures();
    return this;
  }

  /** Runs the controllers once, now (tests that want a step without waiting for the tick). */
  public void reconcileNow() {
    simulator.tick();
  }

  @Override
  public void close() {
    simulator.close();
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      // Vert.x gives up draining a connection a client left open (a watch, a killed agent's
      // request); the port is released anyway, and this is a test fixture.
      MOCK_LOG.warning("simulated cluster: " + e.getMessage() + " (" + e.getCause() + ")");
    }
  }
}
