package dev.gennaker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.agent.controlplane.AgentEvent;
import dev.gennaker.agent.controlplane.Command;
import dev.gennaker.agent.controlplane.CommandResult;
import dev.gennaker.agent.controlplane.Heartbeat;
import dev.gennaker.agent.controlplane.Inventory;
import dev.gennaker.agent.runtime.Agent;
import dev.gennaker.agent.testing.AgentFixture;
import dev.gennaker.agent.testing.Eventually;
import dev.gennaker.agent.testing.FakeControlPlane;
import dev.gennaker.simcluster.RolloutSettings;
import dev.gennaker.simcluster.SimulatedCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Registration, crashes, connection loss, drift and health: the agent's life, over real HTTP. */
class AgentLifecycleTest {

  private static SimulatedCluster cluster;
  private static KubernetesClient k8s;
  private static FakeControlPlane controlPlane;

  @BeforeAll
  static void start() throws IOException {
    cluster =
        SimulatedCluster.start(
            RolloutSettings.stepwise(Duration.ofMillis(150), Duration.ofSeconds(30)));
    k8s = cluster.client();
    controlPlane = new FakeControlPlane(Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() {
    controlPlane.close();
    cluster.close();
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void registrationToken_isExchangedOnce_andReuseIsReportedClearly() throws Exception {
    String token = controlPlane.issueToken();
    try (AgentMain.Running first =
        AgentFixture.start(
            cluster,
            AgentFixture.config(controlPlane.url(), token, List.of("life-1"), "first", false))) {
      Eventually.await("first registered", Duration.ofSeconds(20), () -> first.agent().ready());
      assertThat(
              k8s.secrets()
                  .inNamespace("gennaker-agent")
                  .withName("first-credential")
                  .get()
                  .getData())
          .containsKeys("agentId", "credential");
      assertThat(get(first.health().port(), "/readyz").statusCode()).isEqualTo(200);
      assertThat(get(first.health().port(), "/healthz").statusCode()).isEqualTo(200);
      assertThat(controlPlane.heartbeats())
          .anySatisfy(
              h -> {
                assertThat(h.kubernetesVersion()).contains("simulated");
                assertThat(h.namespaces()).containsExactly("life-1");
              });

      try (AgentMain.Running second =
          AgentFixture.start(
              cluster,
              AgentFixture.config(controlPlane.url(), token, List.of("life-1"), "second", false))) {
        Eventually.await(
            "second refused",
            Duration.ofSeconds(20),
            () -> second.agent().state() == Agent.State.REGISTRATION_REFUSED);
        assertThat(second.agent().stateMessage())
            .isEqualTo(
                "registration token refused by the control plane (409): this registration token"
                    + " has already been used by another agent. A registration token works once: create a"
                    + " new one in the portal, put it in the agent's Secret and restart the agent.");
        HttpResponse<String> ready = get(second.health().port(), "/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("REGISTRATION_REFUSED").contains("already been used");
        assertThat(k8s.secrets().inNamespace("gennaker-agent").withName("second-credential").get())
            .isNull();
      }
    }
  }

  @Test
  void agentKilledMidApply_commandIsRedelivered_appliedOnce_andReported() {
    String token = controlPlane.issueToken();
    var config = AgentFixture.config(controlPlane.url(), token, List.of("life-2"), "crashy", false);
    AgentMain.Running doomed = AgentFixture.start(cluster, config);
    String agentId =
        Eventually.await("registered", Duration.ofSeconds(20), () -> controlPlane.agentFor(token));
    // Pods of this image do not get ready until the failure is cleared: the apply is surely still
    // waiting when the agent is killed.
    cluster.failReadiness("slow-start/");
    Command c =
        Command.of("crash-" + UUID.randomUUID(), "apply", "life-2")
            .withManifests(Manifests.deployment("slow", "slow-start/app:1", 3, null))
            .withTimeoutSeconds(60);
    controlPlane.enqueue(agentId, c);
    Eventually.await(
        "apply in progress",
        Duration.ofSeconds(20),
        () ->
            controlPlane.heartbeats().stream()
                .flatMap(h -> h.running().stream())
                .anyMatch(p -> p.commandId().equals(c.id()) && p.message().contains("replicas")));

    doomed.kill();
    assertThat(controlPlane.result(c.id())).as("a killed agent reports nothing").isNull();
    cluster.clearFailures();

    try (AgentMain.Running reborn = AgentFixture.start(cluster, config)) {
      CommandResult r =
          Eventually.await(
              "result after restart", Duration.ofSeconds(40), () -> controlPlane.result(c.id()));
      assertThat(r.status()).as(r.message()).isEqualTo("succeeded");
      assertThat(controlPlane.deliveries(c.id()))
          .as("redelivered after the visibility timeout, possibly also while the first agent ran")
          .isGreaterThanOrEqualTo(2);
      assertThat(controlPlane.resultPosts(c.id())).isEqualTo(1);
      assertThat(reborn.agent().executions()).isEqualTo(1);
      var d = k8s.apps().deployments().inNamespace("life-2").withName("slow").get();
      assertThat(d.getMetadata().getGeneration())
          .as("the second apply changed nothing")
          .isEqualTo(1L);
      assertThat(k8s.apps().replicaSets().inNamespace("life-2").list().getItems()).hasSize(1);
    }
  }

  @Test
  void connectionLoss_backsOff_andResumesByItself() {
    String token = controlPlane.issueToken();
    try (AgentMain.Running running =
        AgentFixture.start(
            cluster,
            AgentFixture.config(controlPlane.url(), token, List.of("life-3"), "flaky", false))) {
      String agentId =
          Eventually.await(
              "registered", Duration.ofSeconds(20), () -> controlPlane.agentFor(token));
      Eventually.await("ready", Duration.ofSeconds(10), () -> running.agent().ready());
      controlPlane.setDown(true);
      long before = controlPlane.requests("GET /v1/agent/commands");
      Command c =
          Command.of("loss-" + UUID.randomUUID(), "apply", "life-3")
              .withManifests(Manifests.configMap("after-outage", "blue"));
      controlPlane.enqueue(agentId, c);
      long downSince = System.nanoTime();
      Eventually.await(
          "several failed polls",
          Duration.ofSeconds(10),
          () -> controlPlane.requests("GET /v1/agent/commands") - before >= 4);
      long polls = controlPlane.requests("GET /v1/agent/commands") - before;
      double seconds = (System.nanoTime() - downSince) / 1e9;
      controlPlane.setDown(false);

      CommandResult r =
          Eventually.await(
              "result after the outage", Duration.ofSeconds(20), () -> controlPlane.result(c.id()));
      assertThat(r.status()).isEqualTo("succeeded");
      assertThat(polls / seconds)
          .as("backoff keeps an unreachable control plane from being hammered")
          .isLessThan(30);
    }
  }

  @Test
  void drift_changesOutsideGennaker_areReportedWithTheirManager_andInventoryIsPosted() {
    String token = controlPlane.issueToken();
    try (AgentMain.Running running =
        AgentFixture.start(
            cluster,
            AgentFixture.config(controlPlane.url(), token, List.of("life-4"), "watcher", true))) {
      String agentId =
          Eventually.await(
              "registered", Duration.ofSeconds(20), () -> controlPlane.agentFor(token));
      Command c =
          Command.of("drift-" + UUID.randomUUID(), "apply", "life-4")
              .withManifests(
                  Manifests.docs(
                      Manifests.configMap("web-config", "blue"),
                      Manifests.deployment("web", "web:1", 2, null)))
              .withTracking(java.util.Map.of("application", "shop", "version", "v7"));
      controlPlane.enqueue(agentId, c);
      Eventually.await("applied", Duration.ofSeconds(20), () -> controlPlane.result(c.id()));
      Inventory inventory =
          Eventually.await(
              "inventory with web",
              Duration.ofSeconds(10),
              () ->
                  controlPlane.inventories().stream()
                      .filter(i -> i.objects().stream().anyMatch(o -> o.name().equals("web")))
                      .reduce((a, b) -> b)
                      .orElse(null));
      assertThat(inventory.objects())
          .anySatisfy(
              o -> {
                assertThat(o.kind()).isEqualTo("Deployment");
                assertThat(o.application()).isEqualTo("shop");
                assertThat(o.version()).isEqualTo("v7");
              });
      assertThat(controlPlane.events()).noneMatch(e -> e.name().equals("web"));

      k8s.apps()
          .deployments()
          .inNamespace("life-4")
          .withName("web")
          .patch(
              new PatchContext.Builder()
                  .withPatchType(PatchType.JSON_MERGE)
                  .withFieldManager("kubectl-edit")
                  .build(),
              "{\"spec\":{\"replicas\":5}}");

      AgentEvent drift =
          Eventually.await(
              "drift event",
              Duration.ofSeconds(10),
              () ->
                  controlPlane.events().stream()
                      .filter(e -> e.name().equals("web"))
                      .findFirst()
                      .orElse(null));
      assertThat(drift.type()).isEqualTo("drift");
      assertThat(drift.managers()).containsExactly("kubectl-edit");
      assertThat(drift.fields()).containsExactly("spec.replicas");
      assertThat(drift.message())
          .isEqualTo(
              "Deployment life-4/web was changed outside Gennaker by kubectl-edit (spec.replicas)");

      Command gennakerDelete =
          Command.of("del-" + UUID.randomUUID(), "delete", "life-4")
              .withTarget("ConfigMap", "web-config");
      controlPlane.enqueue(agentId, gennakerDelete);
      Eventually.await(
          "deleted by Gennaker",
          Duration.ofSeconds(20),
          () -> controlPlane.result(gennakerDelete.id()));
      k8s.apps().deployments().inNamespace("life-4").withName("web").delete();
      AgentEvent gone =
          Eventually.await(
              "deletion drift",
              Duration.ofSeconds(10),
              () ->
                  controlPlane.events().stream()
                      .filter(e -> e.message().endsWith("was deleted outside Gennaker"))
                      .findFirst()
                      .orElse(null));
      assertThat(gone.message()).isEqualTo("Deployment life-4/web was deleted outside Gennaker");
      assertThat(controlPlane.events())
          .as("Gennaker's own delete is not drift")
          .noneMatch(e -> e.name().equals("web-config"));
    }
  }

  @Test
  void heartbeats_reportVersionsAndAllowList() {
    assertThat(controlPlane.heartbeats()).isNotNull();
    String token = controlPlane.issueToken();
    try (AgentMain.Running running =
        AgentFixture.start(
            cluster,
            AgentFixture.config(
                controlPlane.url(), token, List.of("life-5", "life-6"), "beater", false))) {
      Heartbeat h =
          Eventually.await(
              "heartbeat",
              Duration.ofSeconds(20),
              () ->
                  controlPlane.heartbeats().stream()
                      .filter(x -> x.namespaces().equals(List.of("life-5", "life-6")))
                      .findFirst()
                      .orElse(null));
      assertThat(h.agentVersion()).isEqualTo("test");
      assertThat(h.kubernetesVersion()).isEqualTo("v1.31+gennaker-simulated");
    }
  }

  @Test
  void aControlPlaneWithoutTheInventoryRoute_isAskedAgainOnlyAtTheInventoryInterval()
      throws IOException {
    try (FakeControlPlane older = new FakeControlPlane(Duration.ofSeconds(2))) {
      older.removeRoute("/v1/agent/inventory");
      older.removeRoute("/v1/agent/events");
      String token = older.issueToken();
      try (AgentMain.Running running =
          AgentFixture.start(
              cluster, AgentFixture.config(older.url(), token, List.of("life-7"), "older", true))) {
        Eventually.await("ready", Duration.ofSeconds(20), () -> running.agent().ready());
        long t0 = System.nanoTime();
        Eventually.await(
            "three seconds of ticks",
            Duration.ofSeconds(10),
            () -> System.nanoTime() - t0 >= Duration.ofSeconds(3).toNanos());
        // 100 ms ticks would make about 30 attempts; the 1 s inventory interval allows about 4.
        assertThat(older.requests("POST /v1/agent/inventory")).isBetween(1L, 6L);
        assertThat(running.agent().ready()).isTrue();
      }
    }
  }
}
