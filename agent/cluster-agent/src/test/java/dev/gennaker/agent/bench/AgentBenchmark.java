package dev.gennaker.agent.bench;

import dev.gennaker.agent.AgentConfig;
import dev.gennaker.agent.AgentMain;
import dev.gennaker.agent.controlplane.Command;
import dev.gennaker.agent.controlplane.CommandResult;
import dev.gennaker.agent.runtime.AgentSettings;
import dev.gennaker.agent.testing.AgentFixture;
import dev.gennaker.agent.testing.Eventually;
import dev.gennaker.agent.testing.FakeControlPlane;
import dev.gennaker.simcluster.RolloutSettings;
import dev.gennaker.simcluster.SimulatedCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the agent against the simulated cluster and the fake control plane:
 *
 * <ol>
 *   <li>commands per second one agent sustains applying a 10-object manifest set;
 *   <li>heap of an agent process (its own JVM, {@code -Xmx256m}) that manages 2,000 objects;
 *   <li>control-plane requests per minute of idle agents: computed from the configured intervals,
 *       checked against the fake control plane's counters for a few agents, scaled to 1,000.
 * </ol>
 *
 * Run with the test classpath (see docs/agent.md): {@code java -cp …
 * dev.gennaker.agent.bench.AgentBenchmark}.
 */
public final class AgentBenchmark {

  private AgentBenchmark() {}

  public static void main(String[] args) throws Exception {
    java.util.logging.LogManager.getLogManager().reset();
    int commands = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    try (SimulatedCluster cluster = SimulatedCluster.start(RolloutSettings.instant());
        FakeControlPlane controlPlane = new FakeControlPlane(Duration.ofSeconds(60))) {
      throughput(cluster, controlPlane, commands);
      heap(cluster, controlPlane, 2000);
      idleCost(cluster, controlPlane);
    }
  }

  static String manifestSet(int i) {
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < 4; c++) {
      b.append("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg-")
          .append(c)
          .append("}\ndata: {build: \"")
          .append(i)
          .append("\"}\n---\n");
    }
    for (int s = 0; s < 2; s++) {
      b.append("apiVersion: v1\nkind: Secret\nmetadata: {name: sec-")
          .append(s)
          .append("}\nstringData: {token: \"t")
          .append(i)
          .append("\"}\n---\n");
    }
    b.append("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app}\n---\n");
    b.append(
        "apiVersion: v1\nkind: Service\nmetadata: {name: app}\nspec: {selector: {app: app},"
            + " ports: [{port: 80}]}\n---\n");
    b.append(
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: app}\nspec:"
            + " {minAvailable: 1, selector: {matchLabels: {app: app}}}\n---\n");
    b.append(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec:\n  replicas: 2\n"
                + "  selector: {matchLabels: {app: app}}\n  template:\n    metadata: {labels: {app: app}}\n"
                + "    spec: {containers: [{name: app, image: \"app:")
        .append(i)
        .append("\"}]}\n");
    return b.toString();
  }

  static void throughput(SimulatedCluster cluster, FakeControlPlane cp, int n) throws Exception {
    String token = cp.issueToken();
    AgentConfig config =
        AgentFixture.config(cp.url(), token, List.of("bench-apply"), "bench-apply", false);
    try (AgentMain.Running agent = AgentFixture.start(cluster, config)) {
      String id = Eventually.await("registered", Duration.ofSeconds(30), () -> cp.agentFor(token));
      // Warm-up: JIT and connection pools, not measured.
      runAll(cp, id, "warm", 10);
      long t0 = System.nanoTime();
      List<CommandResult> results = runAll(cp, id, "run", n);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long failed = results.stream().filter(r -> !r.succeeded()).count();
      System.out.printf(
          "throughput: %d apply commands of 10 objects in %.1f s = %.2f commands/s"
              + " (%.0f objects/s), %d failed; instant rollouts, rollout poll 50 ms%n",
          n, seconds, n / seconds, n * 10 / seconds, failed);
    }
  }

  private static List<CommandResult> runAll(
      FakeControlPlane cp, String agentId, String tag, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Command c =
          Command.of(tag + "-" + i + "-" + UUID.randomUUID(), "apply", "bench-apply")
              .withManifests(manifestSet(i))
              .withTimeoutSeconds(60);
      ids.add(c.id());
      cp.enqueue(agentId, c);
    }
    List<CommandResult> out = new ArrayList<>();
    for (String id : ids) {
      out.add(Eventually.await(id, Duration.ofMinutes(5), () -> cp.result(id)));
    }
    return out;
  }

  /** Runs the agent in its own JVM with -Xmx256m, makes it manage {@code objects} objects. */
  static void heap(SimulatedCluster cluster, FakeControlPlane cp, int objects) throws Exception {
    String token = cp.issueToken();
    Path kubeconfig = Files.createTempFile("gennaker-bench", ".kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: sim, cluster: {server: "%s"}}]
        contexts: [{name: sim, context: {cluster: sim, user: sim, namespace: default}}]
        current-context: sim
        users: [{name: sim, user: {token: simulated}}]
        """
            .formatted(cluster.url()),
        StandardCharsets.UTF_8);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.gennaker.agent.AgentMain");
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().put("GENNAKER_CONTROL_PLANE_URL", cp.url().toString());
    pb.environment().put("GENNAKER_REGISTRATION_TOKEN", token);
    pb.environment().put("GENNAKER_NAMESPACES", "bench-bulk");
    pb.environment().put("GENNAKER_HEALTH_PORT", String.valueOf(port));
    pb.environment().put("GENNAKER_POLL_WAIT_SECONDS", "1");
    pb.environment().put("GENNAKER_PROGRESS_SECONDS", "1");
    pb.environment().put("GENNAKER_INVENTORY_SECONDS", "2");
    pb.environment().put("GENNAKER_ROLLOUT_POLL_MILLIS", "100");
    pb.environment().put("GENNAKER_CREDENTIAL_SECRET", "bench-bulk-credential");
    pb.environment().put("GENNAKER_JOURNAL_CONFIGMAP", "bench-bulk-journal");
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process agent = pb.start();
    try {
      String id = Eventually.await("registered", Duration.ofSeconds(60), () -> cp.agentFor(token));
      int perCommand = 100;
      List<String> ids = new ArrayList<>();
      for (int batch = 0; batch < objects / perCommand; batch++) {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < perCommand; i++) {
          int n = batch * perCommand + i;
          yaml.append("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: obj-")
              .append(n)
              .append(", labels: {app: bulk}}\ndata: {index: \"")
              .append(n)
              .append("\", payload: \"")
              .append("x".repeat(200))
              .append("\"}\n---\n");
        }
        Command c =
            Command.of("bulk-" + batch, "apply", "bench-bulk")
                .withManifests(yaml.toString())
                .withTimeoutSeconds(120);
        ids.add(c.id());
        cp.enqueue(id, c);
      }
      for (String c : ids) {
        CommandResult r = Eventually.await(c, Duration.ofMinutes(5), () -> cp.result(c));
        if (!r.succeeded()) {
          throw new IllegalStateException(r.message());
        }
      }
      Eventually.await(
          "inventory of " + objects,
          Duration.ofMinutes(2),
          () -> cp.inventories().stream().anyMatch(i -> i.objects().size() >= objects));
      String pid = String.valueOf(agent.pid());
      run("jcmd", pid, "GC.run");
      String info = run("jcmd", pid, "GC.heap_info");
      Matcher m =
          Pattern.compile("(def new generation|tenured generation)\\s+total \\d+K, used (\\d+)K")
              .matcher(info);
      long usedK = 0;
      while (m.find()) {
        usedK += Long.parseLong(m.group(2));
      }
      System.out.printf(
          "heap: agent process (-Xmx256m, SerialGC) managing %d objects (inventory and drift"
              + " watch on): %.1f MiB used after a full GC; process alive: %s%n",
          objects, usedK / 1024.0, agent.isAlive());
    } finally {
      agent.destroy();
      Files.deleteIfExists(kubeconfig);
    }
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  /** Counts the requests of idle agents with short intervals and compares with the formula. */
  static void idleCost(SimulatedCluster cluster, FakeControlPlane cp) throws Exception {
    AgentSettings production = AgentSettings.defaults("bench");
    AgentSettings fast =
        new AgentSettings(
            "bench",
            Duration.ofSeconds(1),
            Duration.ofSeconds(3),
            Duration.ofMillis(200),
            Duration.ofSeconds(6),
            Duration.ofMillis(100),
            Duration.ofSeconds(2));
    int agents = 3;
    List<AgentMain.Running> running = new ArrayList<>();
    try {
      for (int i = 0; i < agents; i++) {
        String token = cp.issueToken();
        AgentConfig base =
            AgentFixture.config(
                cp.url(), token, List.of("bench-idle-" + i), "bench-idle-" + i, true);
        AgentConfig config =
            new AgentConfig(
                base.controlPlaneUrl(),
                Optional.of(token),
                new LinkedHashSet<>(base.namespaces()),
                base.agentNamespace(),
                base.credentialSecret(),
                base.journalConfigMap(),
                0,
                base.rolloutPoll(),
                true,
                fast);
        running.add(AgentFixture.start(cluster, config));
        Eventually.await("registered", Duration.ofSeconds(30), () -> cp.agentFor(token));
      }
      Eventually.await(
          "ready", Duration.ofSeconds(30), () -> running.stream().allMatch(r -> r.agent().ready()));
      long before = cp.totalRequests();
      long heartbeatsBefore = cp.requests("POST /v1/agent/heartbeat");
      long t0 = System.nanoTime();
      Eventually.await(
          "a 30 s window",
          Duration.ofSeconds(40),
          () -> System.nanoTime() - t0 >= Duration.ofSeconds(30).toNanos());
      double minutes = (System.nanoTime() - t0) / 60e9;
      double measured = (cp.totalRequests() - before) / minutes / agents;
      double heartbeatRate =
          (cp.requests("POST /v1/agent/heartbeat") - heartbeatsBefore) / minutes / agents;
      System.out.printf(
          "idle cost check (%d agents, poll wait 1 s, heartbeat 3 s, inventory 6 s): measured"
              + " %.1f requests/min/agent (heartbeats %.1f/min), formula %.1f%n",
          agents, measured, heartbeatRate, fast.idleRequestsPerMinute());
      System.out.printf(
          "idle cost at production defaults (long-poll %d s, heartbeat %d s, inventory %d s):"
              + " %.1f requests/min/agent -> %.0f requests/min for 1,000 idle agents;"
              + " heartbeat writes (one last-seen item write each): %.0f DynamoDB writes/min;"
              + " inventory re-posts only when changed%n",
          production.pollWait().toSeconds(),
          production.heartbeatInterval().toSeconds(),
          production.inventoryInterval().toSeconds(),
          production.idleRequestsPerMinute(),
          production.idleRequestsPerMinute() * 1000,
          1000 * 60.0 / production.heartbeatInterval().toSeconds());
    } finally {
      running.forEach(AgentMain.Running::close);
    }
  }
}
