package dev.gennaker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gennaker.agent.controlplane.Command;
import dev.gennaker.agent.controlplane.CommandResult;
import dev.gennaker.agent.controlplane.Heartbeat;
import dev.gennaker.agent.testing.AgentFixture;
import dev.gennaker.agent.testing.Eventually;
import dev.gennaker.agent.testing.FakeControlPlane;
import dev.gennaker.simcluster.RolloutSettings;
import dev.gennaker.simcluster.SimulatedCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every command and strategy, run by a real agent over real HTTP: the fake control plane hands out
 * commands, the agent works against the simulated cluster and posts results.
 */
class AgentCommandsTest {

  private static final List<String> NAMESPACES =
      IntStream.rangeClosed(1, 16).mapToObj(i -> "team-" + i).toList();
  private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(40);

  private static SimulatedCluster cluster;
  private static KubernetesClient k8s;
  private static FakeControlPlane controlPlane;
  private static AgentMain.Running agent;
  private static String agentId;

  @BeforeAll
  static void start() throws IOException {
    cluster =
        SimulatedCluster.start(
                RolloutSettings.stepwise(Duration.ofMillis(80), Duration.ofMillis(1500)))
            .failImagePull("registry.invalid/");
    k8s = cluster.client();
    controlPlane = new FakeControlPlane(Duration.ofSeconds(30));
    String token = controlPlane.issueToken();
    agent =
        AgentFixture.start(
            cluster, AgentFixture.config(controlPlane.url(), token, NAMESPACES, "shared", false));
    agentId =
        Eventually.await(
            "registration", Duration.ofSeconds(20), () -> controlPlane.agentFor(token));
  }

  @AfterAll
  static void stop() {
    agent.close();
    controlPlane.close();
    cluster.close();
  }

  private static CommandResult run(Command command) {
    controlPlane.enqueue(agentId, command);
    return Eventually.await(
        "result of " + command.id(), RESULT_TIMEOUT, () -> controlPlane.result(command.id()));
  }

  private static Command command(String type, String namespace) {
    return Command.of(type + "-" + UUID.randomUUID(), type, namespace).withTimeoutSeconds(20);
  }

  private static Deployment deployment(String ns, String name) {
    return k8s.apps().deployments().inNamespace(ns).withName(name).get();
  }

  private static String image(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  @Test
  void apply_rolling_waitsUntilStable_reportsProgress_andAnnotates() {
    Command c =
        command("apply", "team-1")
            .withManifests(
                Manifests.docs(
                    Manifests.configMap("web-config-v001", "blue"),
                    Manifests.deployment("web", "nginx:1.25", 5, "web-config-v001"),
                    Manifests.service("web")))
            .withTracking(Map.of("application", "shop", "pipeline", "deploy", "version", "v001"));
    CommandResult r = run(c);

    assertThat(r.status()).as(r.message()).isEqualTo("succeeded");
    assertThat(r.objects())
        .extracting(o -> o.kind() + "/" + o.name() + "=" + o.health())
        .containsExactlyInAnyOrder(
            "ConfigMap/web-config-v001=HEALTHY", "Deployment/web=HEALTHY", "Service/web=HEALTHY");
    Deployment d = deployment("team-1", "web");
    assertThat(d.getStatus().getReadyReplicas()).isEqualTo(5);
    assertThat(d.getMetadata().getAnnotations())
        .containsEntry("gennaker.dev/application", "shop")
        .containsEntry("gennaker.dev/command", c.id());
    assertThat(d.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "gennaker");
    assertThat(d.getMetadata().getManagedFields())
        .anySatisfy(mf -> assertThat(mf.getManager()).isEqualTo("gennaker"));
    assertThat(controlPlane.heartbeats())
        .flatExtracting(Heartbeat::running)
        .filteredOn(p -> p.commandId().equals(c.id()))
        .extracting(Heartbeat.Progress::message)
        .anySatisfy(
            m ->
                assertThat(m)
                    .matches(".*Deployment team-1/web: \\d/5 replicas (updated|available).*"));
  }

  @Test
  void apply_badImage_failsAtTheProgressDeadline_withTheConditionAndPodEvents() {
    CommandResult r =
        run(
            command("apply", "team-2")
                .withManifests(Manifests.deployment("api", "registry.invalid/api:404", 2, null)));

    assertThat(r.status()).isEqualTo("failed");
    assertThat(r.message())
        .startsWith(
            "Deployment team-2/api failed: condition Progressing=False (ProgressDeadlineExceeded)")
        .contains("has timed out progressing");
    assertThat(r.events())
        .anySatisfy(
            e ->
                assertThat(e)
                    .contains("Pod api-")
                    .contains("Failed to pull image \"registry.invalid/api:404\""));
  }

  @Test
  void command_outsideTheAllowList_isRefused_andNothingIsApplied() {
    CommandResult r =
        run(
            Command.of("refuse-" + UUID.randomUUID(), "apply", "kube-system")
                .withManifests(Manifests.configMap("evil", "red")));
    assertThat(r.status()).isEqualTo("refused");
    assertThat(r.message())
        .isEqualTo(
            "refused: namespace \"kube-system\" is not in this agent's allow-list "
                + NAMESPACES.stream().sorted().toList()
                + "; add it to GENNAKER_NAMESPACES (and grant the agent a Role there) to deploy to it");
    assertThat(k8s.configMaps().inNamespace("kube-system").withName("evil").get()).isNull();

    CommandResult sneaky =
        run(
            command("apply", "team-3")
                .withManifests(
                    Manifests.docs(
                        Manifests.configMap("fine", "green"),
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: evil, namespace: default}\ndata: {a: b}\n")));
    assertThat(sneaky.status()).isEqualTo("refused");
    assertThat(sneaky.message())
        .startsWith("refused: ConfigMap default/evil: namespace \"default\"");
    assertThat(k8s.configMaps().inNamespace("team-3").withName("fine").get())
        .as("nothing of a refused command is applied")
        .isNull();
  }

  @Test
  void undoRollout_restoresImageAndVersionedConfigTogether() {
    String ns = "team-4";
    assertThat(
            run(command("apply", ns)
                    .withManifests(
                        Manifests.docs(
                            Manifests.configMap("shop-config-v001", "blue"),
                            Manifests.deployment("shop", "shop:1.0", 2, "shop-config-v001"))))
                .status())
        .isEqualTo("succeeded");
    assertThat(
            run(command("apply", ns)
                    .withManifests(
                        Manifests.docs(
                            Manifests.configMap("shop-config-v002", "green"),
                            Manifests.deployment("shop", "shop:2.0", 2, "shop-config-v002"))))
                .status())
        .isEqualTo("succeeded");
    assertThat(k8s.configMaps().inNamespace(ns).withName("shop-config-v001").get())
        .as("the earlier config version survives the new deploy")
        .isNotNull();

    CommandResult undo = run(command("undoRollout", ns).withTarget("Deployment", "shop"));

    assertThat(undo.status()).as(undo.message()).isEqualTo("succeeded");
    assertThat(undo.outputs()).containsEntry("rolledBackToRevision", "1");
    Deployment d = deployment(ns, "shop");
    assertThat(image(d)).isEqualTo("shop:1.0");
    assertThat(
            d.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnvFrom()
                .get(0)
                .getConfigMapRef()
                .getName())
        .isEqualTo("shop-config-v001");
    Eventually.await(
        "revision 3",
        Duration.ofSeconds(10),
        () ->
            "3"
                .equals(
                    deployment(ns, "shop")
                        .getMetadata()
                        .getAnnotations()
                        .get("deployment.kubernetes.io/revision")));

    CommandResult toTwo =
        run(command("undoRollout", ns).withTarget("Deployment", "shop").withRevision(2L));
    assertThat(toTwo.status()).as(toTwo.message()).isEqualTo("succeeded");
    assertThat(image(deployment(ns, "shop"))).isEqualTo("shop:2.0");
  }

  @Test
  void rollback_undoesWhatItsApplyChanged_onceAndNothingElse() {
    String ns = "team-4";
    String v1 =
        Manifests.docs(
            Manifests.configMap("cart-config-v001", "blue"),
            Manifests.deployment("cart", "cart:1.0", 2, "cart-config-v001"));
    String v2 =
        Manifests.docs(
            Manifests.configMap("cart-config-v002", "green"),
            Manifests.deployment("cart", "cart:2.0", 2, "cart-config-v002"));
    Command first = command("apply", ns).withManifests(v1);
    assertThat(run(first).status()).isEqualTo("succeeded");
    Command second = command("apply", ns).withManifests(v2);
    assertThat(run(second).status()).isEqualTo("succeeded");

    Command stale =
        Command.of(first.id() + "-rollback", "rollback", ns)
            .withManifests(v1)
            .withTimeoutSeconds(20);
    CommandResult nothing = run(stale);
    assertThat(nothing.status()).as(nothing.message()).isEqualTo("succeeded");
    assertThat(nothing.message())
        .isEqualTo(
            "nothing to roll back: no Deployment was changed by "
                + first.id()
                + "; left as they were: team-4/cart");
    assertThat(image(deployment(ns, "cart"))).isEqualTo("cart:2.0");

    Command rollback =
        Command.of(second.id() + "-rollback", "rollback", ns)
            .withManifests(v2)
            .withTimeoutSeconds(20);
    CommandResult back = run(rollback);
    assertThat(back.status()).as(back.message()).isEqualTo("succeeded");
    assertThat(back.message()).isEqualTo("rolled back team-4/cart");
    Deployment d = deployment(ns, "cart");
    assertThat(image(d)).isEqualTo("cart:1.0");
    assertThat(d.getMetadata().getAnnotations())
        .containsEntry("gennaker.dev/command", rollback.id());
  }

  @Test
  void abort_stopsARunningCommand_whichIsReportedAborted() {
    String ns = "team-5";
    Command slow =
        command("apply", ns)
            .withManifests(Manifests.deployment("slow", "slow:1.0", 200, null))
            .withTimeoutSeconds(60);
    controlPlane.enqueue(agentId, slow);
    Eventually.await(
        "the apply to be running",
        RESULT_TIMEOUT,
        () ->
            controlPlane.heartbeats().stream()
                .flatMap(h -> h.running().stream())
                .anyMatch(p -> p.commandId().equals(slow.id())));
    long started = System.nanoTime();
    Command abort = Command.of(slow.id() + "-abort", "abort", ns).withTarget("Command", slow.id());
    CommandResult aborting = run(abort);
    assertThat(aborting.status()).isEqualTo("succeeded");
    assertThat(aborting.message()).isEqualTo("aborting " + slow.id() + " (it was running)");
    CommandResult r =
        Eventually.await("aborted result", RESULT_TIMEOUT, () -> controlPlane.result(slow.id()));
    assertThat(r.status()).isEqualTo("failed");
    assertThat(r.message()).isEqualTo("aborted: the control plane canceled the execution");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("well before the 200 replicas would be ready")
        .isLessThan(Duration.ofSeconds(10));

    CommandResult late =
        run(
            Command.of("late-abort-" + UUID.randomUUID(), "abort", ns)
                .withTarget("Command", "gone"));
    assertThat(late.message()).isEqualTo("gone is not running here; nothing to abort");
  }

  @Test
  void undoRollout_withoutHistory_failsReadably() {
    run(command("apply", "team-5").withManifests(Manifests.deployment("solo", "solo:1", 1, null)));
    CommandResult r = run(command("undoRollout", "team-5").withTarget("Deployment", "solo"));
    assertThat(r.status()).isEqualTo("failed");
    assertThat(r.message())
        .isEqualTo("Deployment team-5/solo has no previous revision to roll back to");
  }

  @Test
  void patch_strategicMergeAndJson_andScale() throws IOException {
    String ns = "team-6";
    run(command("apply", ns).withManifests(Manifests.deployment("cart", "cart:1", 2, null)));
    ObjectMapper json = new ObjectMapper();

    CommandResult strategic =
        run(
            command("patch", ns)
                .withTarget("Deployment", "cart")
                .withPatch(
                    "strategic",
                    json.readTree(
                        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"cart:2\"}]}}}}")));
    assertThat(strategic.status()).as(strategic.message()).isEqualTo("succeeded");
    Deployment d = deployment(ns, "cart");
    assertThat(d.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
    assertThat(image(d)).isEqualTo("cart:2");
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
        .as("strategic merge keeps the fields the patch does not mention")
        .hasSize(1);

    CommandResult merge =
        run(
            command("patch", ns)
                .withTarget("Deployment", "cart")
                .withPatch(
                    "merge", json.readTree("{\"metadata\":{\"labels\":{\"tier\":\"backend\"}}}")));
    assertThat(merge.status()).isEqualTo("succeeded");
    assertThat(deployment(ns, "cart").getMetadata().getLabels()).containsEntry("tier", "backend");

    CommandResult jsonPatch =
        run(
            command("patch", ns)
                .withTarget("Deployment", "cart")
                .withPatch(
                    "json",
                    json.readTree(
                        "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}]")));
    assertThat(jsonPatch.status()).as(jsonPatch.message()).isEqualTo("succeeded");

    CommandResult scale =
        run(command("scale", ns).withTarget("Deployment", "cart").withReplicas(4));
    assertThat(scale.status()).as(scale.message()).isEqualTo("succeeded");
    assertThat(deployment(ns, "cart").getStatus().getAvailableReplicas()).isEqualTo(4);

    CommandResult missing =
        run(command("scale", ns).withTarget("Deployment", "nope").withReplicas(1));
    assertThat(missing.message()).isEqualTo("Deployment team-6/nope not found: nothing to scale");
  }

  @Test
  void delete_byName_andByLabelSelector() {
    String ns = "team-7";
    run(
        command("apply", ns)
            .withManifests(
                Manifests.docs(
                    Manifests.configMap("a", "1"),
                    Manifests.configMap("b", "2"),
                    Manifests.deployment("gone", "gone:1", 1, null))));
    CommandResult byName = run(command("delete", ns).withTarget("Deployment", "gone"));
    assertThat(byName.message()).isEqualTo("deleted Deployment team-7/gone");
    assertThat(deployment(ns, "gone")).isNull();

    CommandResult bySelector =
        run(
            command("delete", ns)
                .withTarget("ConfigMap", null)
                .withLabelSelector("app.kubernetes.io/managed-by=gennaker"));
    assertThat(bySelector.status()).isEqualTo("succeeded");
    assertThat(bySelector.objects()).extracting(o -> o.name()).containsExactlyInAnyOrder("a", "b");
    assertThat(k8s.configMaps().inNamespace(ns).list().getItems())
        .noneMatch(cm -> List.of("a", "b").contains(cm.getMetadata().getName()));

    CommandResult again = run(command("delete", ns).withTarget("Deployment", "gone"));
    assertThat(again.status()).isEqualTo("succeeded");
    assertThat(again.message()).isEqualTo("Deployment team-7/gone was already absent");
  }

  @Test
  void runJob_returnsStatusAndLastLogLines_andAFailureSaysWhy() {
    String ns = "team-8";
    CommandResult ok =
        run(
            command("runJob", ns)
                .withManifests(Manifests.job("migrate", "flyway:10"))
                .withLogLines(5));
    assertThat(ok.status()).as(ok.message()).isEqualTo("succeeded");
    assertThat(ok.message()).isEqualTo("Job team-8/migrate completed");
    assertThat(ok.logs()).contains("ran: migrate --to latest").contains("done");

    CommandResult failed =
        run(
            command("runJob", ns)
                .withManifests(Manifests.job("migrate", "registry.invalid/flyway:10")));
    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.message())
        .isEqualTo(
            "Job team-8/migrate failed: job failed: BackoffLimitExceeded: Job has reached the specified backoff limit");
    assertThat(failed.logs()).contains("error: process exited with code 1");
  }

  @Test
  void blueGreen_switchesTheServiceWhenTheNewVersionIsReady_andScalesTheOldOneDown() {
    String ns = "team-9";
    String manifests1 =
        Manifests.docs(Manifests.deployment("pay", "pay:1", 2, null), Manifests.service("pay"));
    Command v1 =
        command("apply", ns)
            .withManifests(manifests1)
            .withStrategy(new Command.Strategy("blueGreen", null, "v1", null));
    assertThat(run(v1).status()).isEqualTo("succeeded");
    Command v2 =
        command("apply", ns)
            .withManifests(
                Manifests.docs(
                    Manifests.deployment("pay", "pay:2", 2, null), Manifests.service("pay")))
            .withStrategy(new Command.Strategy("blueGreen", null, "v2", null));
    CommandResult r = run(v2);

    assertThat(r.status()).as(r.message()).isEqualTo("succeeded");
    assertThat(r.message())
        .isEqualTo(
            "blueGreen: version v2 is live behind Service team-9/pay; previous: pay-v1 (scaled to 0)");
    assertThat(k8s.services().inNamespace(ns).withName("pay").get().getSpec().getSelector())
        .containsEntry("gennaker.dev/version", "v2");
    assertThat(deployment(ns, "pay-v1").getSpec().getReplicas()).isZero();
    assertThat(image(deployment(ns, "pay-v2"))).isEqualTo("pay:2");

    Command bad =
        command("apply", ns)
            .withManifests(
                Manifests.docs(
                    Manifests.deployment("pay", "registry.invalid/pay:3", 2, null),
                    Manifests.service("pay")))
            .withStrategy(new Command.Strategy("blueGreen", null, "v3", null));
    CommandResult failed = run(bad);
    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.message())
        .endsWith("The Service team-9/pay still selects the previous version.");
    assertThat(k8s.services().inNamespace(ns).withName("pay").get().getSpec().getSelector())
        .containsEntry("gennaker.dev/version", "v2");
  }

  @Test
  void highlander_deletesOlderVersionsAfterSuccess() {
    String ns = "team-10";
    for (String v : List.of("v1", "v2")) {
      CommandResult r =
          run(
              command("apply", ns)
                  .withManifests(
                      Manifests.docs(
                          Manifests.deployment("auth", "auth:" + v, 1, null),
                          Manifests.service("auth")))
                  .withStrategy(new Command.Strategy("highlander", "auth", v, null)));
      assertThat(r.status()).as(r.message()).isEqualTo("succeeded");
    }
    assertThat(k8s.apps().deployments().inNamespace(ns).list().getItems())
        .extracting(d -> d.getMetadata().getName())
        .containsExactly("auth-v2");
  }

  @Test
  void canary_movesReplicasStepByStep_thenPromotes() {
    String ns = "team-11";
    run(command("apply", ns).withManifests(Manifests.deployment("feed", "feed:1", 4, null)));
    Command c =
        command("apply", ns)
            .withManifests(Manifests.deployment("feed", "feed:2", 4, null))
            .withStrategy(
                new Command.Strategy(
                    "canary",
                    null,
                    null,
                    List.of(
                        new Command.Step(25, null),
                        new Command.Step(null, 1),
                        new Command.Step(50, null))));
    CommandResult r = run(c);

    assertThat(r.status()).as(r.message()).isEqualTo("succeeded");
    assertThat(r.message())
        .isEqualTo(
            "canary: 3 step(s) passed; Deployment team-11/feed runs the new version on 4 replicas");
    assertThat(image(deployment(ns, "feed"))).isEqualTo("feed:2");
    assertThat(deployment(ns, "feed").getSpec().getReplicas()).isEqualTo(4);
    Eventually.await(
        "canary deleted", Duration.ofSeconds(5), () -> deployment(ns, "feed-canary") == null);
    assertThat(controlPlane.heartbeats())
        .flatExtracting(Heartbeat::running)
        .filteredOn(p -> p.commandId().equals(c.id()))
        .extracting(Heartbeat.Progress::message)
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("canary step 1/3: weight 25%, 1/4 replicas on the new version"))
        .anySatisfy(m -> assertThat(m).isEqualTo("canary step 2/3: pause 1s"));
  }

  @Test
  void apply_conflictWithAnotherManager_failsUnlessForced() {
    String ns = "team-12";
    run(command("apply", ns).withManifests(Manifests.deployment("inv", "inv:1", 2, null)));
    k8s.apps()
        .deployments()
        .inNamespace(ns)
        .withName("inv")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE)
                .withFieldManager("kubectl-edit")
                .build(),
            "{\"spec\":{\"replicas\":7}}");

    CommandResult conflict =
        run(command("apply", ns).withManifests(Manifests.deployment("inv", "inv:1", 2, null)));
    assertThat(conflict.status()).isEqualTo("failed");
    assertThat(conflict.message())
        .startsWith(
            "Deployment team-12/inv: apply conflicts with fields owned by another field manager (")
        .contains("conflict with \"kubectl-edit\": .spec.replicas")
        .endsWith("re-run with force to take ownership of those fields.");

    CommandResult forced =
        run(
            command("apply", ns)
                .withManifests(Manifests.deployment("inv", "inv:1", 2, null))
                .withForce(true));
    assertThat(forced.status()).as(forced.message()).isEqualTo("succeeded");
    assertThat(deployment(ns, "inv").getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void duplicateCommand_isAppliedOnce_andItsResultSentAgain() {
    String ns = "team-13";
    Command c = command("apply", ns).withManifests(Manifests.deployment("dup", "dup:1", 1, null));
    long executionsBefore = agent.agent().executions();
    controlPlane.enqueue(agentId, c);
    controlPlane.enqueue(agentId, c);
    Eventually.await("result", RESULT_TIMEOUT, () -> controlPlane.result(c.id()));
    assertThat(agent.agent().executions() - executionsBefore).isEqualTo(1);
    assertThat(agent.agent().duplicateDeliveries()).isPositive();

    Command late = c; // delivered again after it finished: the journal answers, nothing is re-run
    long before = agent.agent().executions();
    int postsBefore = controlPlane.resultPosts(c.id());
    controlPlane.enqueue(agentId, late);
    Eventually.await(
        "re-sent result", RESULT_TIMEOUT, () -> controlPlane.resultPosts(c.id()) > postsBefore);
    assertThat(agent.agent().executions()).isEqualTo(before);
    assertThat(deployment(ns, "dup").getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void results_areResentUntilAcknowledged() {
    controlPlane.failNextResultPosts(2);
    Command c = command("apply", "team-14").withManifests(Manifests.configMap("retry", "x"));
    CommandResult r = run(c);
    assertThat(r.status()).isEqualTo("succeeded");
    assertThat(controlPlane.resultPosts(c.id())).isEqualTo(3);
  }

  @Test
  void manifests_byBlobReference() {
    controlPlane.putBlob("blob-1", Manifests.configMap("from-blob", "teal"));
    CommandResult r =
        run(
            new Command(
                "blob-" + UUID.randomUUID(),
                "apply",
                "team-15",
                20,
                null,
                null,
                "blob-1",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null));
    assertThat(r.status()).as(r.message()).isEqualTo("succeeded");
    assertThat(k8s.configMaps().inNamespace("team-15").withName("from-blob").get().getData())
        .containsEntry("color", "teal");
  }

  @Test
  void realWorldManifests_areAppliedAndReportedStable() throws IOException {
    String yaml;
    try (var in = getClass().getResourceAsStream("/real-manifests/storefront.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    CommandResult r = run(command("apply", "team-16").withManifests(yaml).withTimeoutSeconds(30));

    assertThat(r.status()).as(r.message()).isEqualTo("succeeded");
    assertThat(r.objects())
        .allSatisfy(o -> assertThat(o.health()).as(o.kind() + " " + o.name()).isEqualTo("HEALTHY"));
    assertThat(r.objects())
        .extracting(o -> o.kind())
        .contains(
            "ServiceAccount",
            "Role",
            "RoleBinding",
            "ConfigMap",
            "Secret",
            "Deployment",
            "Service",
            "StatefulSet",
            "DaemonSet",
            "Job",
            "CronJob",
            "Ingress",
            "HorizontalPodAutoscaler",
            "PodDisruptionBudget",
            "NetworkPolicy",
            "PersistentVolumeClaim");
  }

  @Test
  void unknownCommandType_isRefused() {
    CommandResult r = run(command("reboot", "team-1"));
    assertThat(r.status()).isEqualTo("refused");
    assertThat(r.message())
        .isEqualTo(
            "refused: unknown command type \"reboot\" (expected apply, patch, scale, undoRollout, rollback, delete or runJob)");
  }
}
