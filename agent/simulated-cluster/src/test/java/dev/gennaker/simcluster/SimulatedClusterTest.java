package dev.gennaker.simcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatedClusterTest {

  private static SimulatedCluster cluster;
  private static KubernetesClient k8s;

  @BeforeAll
  static void start() {
    cluster =
        SimulatedCluster.start(
                RolloutSettings.stepwise(Duration.ofMillis(400), Duration.ofMillis(1500)))
            .failImagePull("registry.invalid/");
    k8s = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static Deployment deployment(String ns, String name, String image, int replicas) {
    return k8s.getKubernetesSerialization()
        .unmarshal(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: %s, namespace: %s}
            spec:
              replicas: %d
              selector: {matchLabels: {app: %s}}
              template:
                metadata: {labels: {app: %s}}
                spec:
                  containers:
                  - name: app
                    image: %s
                    env: [{name: A, value: "1"}]
            """
                .formatted(name, ns, replicas, name, name, image),
            Deployment.class);
  }

  private static <T extends HasMetadata> T apply(T object, String manager, boolean force) {
    var ctx =
        new PatchContext.Builder()
            .withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager(manager)
            .withForce(force)
            .build();
    return k8s.resource(object).patch(ctx);
  }

  @Test
  void serverSideApply_createsThenReplaces_andRecordsTheFieldManager() {
    ConfigMap cm =
        k8s.getKubernetesSerialization()
            .unmarshal(
                """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: ssa, namespace: sim1}
                data: {a: "1", b: "2"}
                """,
                ConfigMap.class);
    ConfigMap created = apply(cm, "gennaker", false);
    assertThat(created.getData()).containsEntry("a", "1");
    assertThat(created.getMetadata().getManagedFields())
        .singleElement()
        .satisfies(
            mf -> {
              assertThat(mf.getManager()).isEqualTo("gennaker");
              assertThat(mf.getOperation()).isEqualTo("Apply");
            });
    cm.getData().remove("b");
    cm.getData().put("a", "3");
    ConfigMap replaced = apply(cm, "gennaker", false);
    assertThat(replaced.getData()).containsEntry("a", "3").doesNotContainKey("b");
  }

  @Test
  void serverSideApply_conflictsWithAnotherManager_unlessForced() {
    Deployment d = deployment("sim2", "conflicted", "nginx:1", 2);
    apply(d, "gennaker", false);
    k8s.apps()
        .deployments()
        .inNamespace("sim2")
        .withName("conflicted")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE)
                .withFieldManager("kubectl-edit")
                .build(),
            "{\"spec\":{\"replicas\":5}}");
    Deployment edited = k8s.apps().deployments().inNamespace("sim2").withName("conflicted").get();
    assertThat(edited.getMetadata().getManagedFields())
        .anySatisfy(mf -> assertThat(mf.getManager()).isEqualTo("kubectl-edit"));

    assertThatThrownBy(
            () -> apply(deployment("sim2", "conflicted", "nginx:1", 2), "gennaker", false))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("conflict with \"kubectl-edit\": .spec.replicas");
    Deployment forced = apply(deployment("sim2", "conflicted", "nginx:1", 2), "gennaker", true);
    assertThat(forced.getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void strategicMergePatch_mergesContainersByName_andMergePatchReplacesLists() {
    apply(deployment("sim3", "patched", "nginx:1", 1), "gennaker", false);
    var ops = k8s.apps().deployments().inNamespace("sim3").withName("patched");
    ops.patch(
        PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"envoy:1\"}]}}}}");
    assertThat(ops.get().getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getName())
        .containsExactly("app", "sidecar");
    ops.patch(
        PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"only\",\"image\":\"busybox\"}]}}}}");
    assertThat(ops.get().getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getName())
        .containsExactly("only");
    ops.patch(
        PatchContext.of(PatchType.JSON),
        "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}]");
    assertThat(ops.get().getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void rollout_movesStatusStepByStep_andRecordsRevisions() {
    apply(deployment("sim4", "web", "nginx:1", 3), "gennaker", false);
    var ops = k8s.apps().deployments().inNamespace("sim4").withName("web");
    Eventually.await("first rollout", Duration.ofSeconds(10), () -> ready(ops.get(), 3));
    apply(deployment("sim4", "web", "nginx:2", 3), "gennaker", false);
    Deployment midway =
        Eventually.await(
            "second rollout in progress",
            Duration.ofSeconds(10),
            () -> {
              Deployment d = ops.get();
              return d.getStatus() != null
                      && d.getStatus().getObservedGeneration() == 2
                      && d.getStatus().getUpdatedReplicas() != null
                      && d.getStatus().getReadyReplicas() != null
                      && d.getStatus().getConditions().stream()
                          .anyMatch(c -> "ReplicaSetUpdated".equals(c.getReason()))
                  ? d
                  : null;
            });
    assertThat(midway.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getMessage()).contains("is progressing"));
    Deployment done =
        Eventually.await("second rollout", Duration.ofSeconds(10), () -> ready(ops.get(), 3));
    assertThat(done.getMetadata().getAnnotations()).containsEntry(RolloutSimulator.REVISION, "2");
    List<ReplicaSet> rs = k8s.apps().replicaSets().inNamespace("sim4").list().getItems();
    assertThat(rs).hasSize(2);
    assertThat(
            rs.stream()
                .max(Comparator.comparingLong(RolloutSimulator::revision))
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo("nginx:2");
    Eventually.await(
        "3 pods",
        Duration.ofSeconds(10),
        () -> k8s.pods().inNamespace("sim4").list().getItems().size() == 3);
  }

  @Test
  void badImage_endsInProgressDeadlineExceeded_withAWarningEvent() {
    apply(deployment("sim5", "broken", "registry.invalid/app:1", 2), "gennaker", false);
    var ops = k8s.apps().deployments().inNamespace("sim5").withName("broken");
    Eventually.await(
        "deadline",
        Duration.ofSeconds(10),
        () ->
            ops.get().getStatus() != null
                && ops.get().getStatus().getConditions().stream()
                    .anyMatch(c -> "ProgressDeadlineExceeded".equals(c.getReason())));
    Eventually.await(
        "warning event",
        Duration.ofSeconds(10),
        () ->
            k8s.v1().events().inNamespace("sim5").list().getItems().stream()
                .anyMatch(e -> e.getMessage().contains("Failed to pull image")));
  }

  @Test
  void job_completes_andItsPodHasLogs() {
    Job job =
        k8s.getKubernetesSerialization()
            .unmarshal(
                """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: migrate, namespace: sim6}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: migrate, image: flyway:10, args: [migrate]}]
        """,
                Job.class);
    apply(job, "gennaker", false);
    Eventually.await(
        "job complete",
        Duration.ofSeconds(10),
        () -> {
          Job j = k8s.batch().v1().jobs().inNamespace("sim6").withName("migrate").get();
          return j.getStatus() != null
              && j.getStatus().getSucceeded() != null
              && j.getStatus().getSucceeded() == 1;
        });
    var pod =
        k8s.pods().inNamespace("sim6").withLabel("job-name", "migrate").list().getItems().get(0);
    String log =
        k8s.pods()
            .inNamespace("sim6")
            .withName(pod.getMetadata().getName())
            .tailingLines(5)
            .getLog();
    assertThat(log).contains("ran: migrate").contains("done");
  }

  @Test
  void version_isReportedAsSimulated() {
    assertThat(k8s.getKubernetesVersion().getGitVersion()).contains("simulated");
  }

  private static Deployment ready(Deployment d, int replicas) {
    var s = d.getStatus();
    return s != null
            && s.getObservedGeneration() != null
            && s.getObservedGeneration() >= d.getMetadata().getGeneration()
            && s.getUpdatedReplicas() != null
            && s.getUpdatedReplicas() == replicas
            && s.getReadyReplicas() != null
            && s.getReadyReplicas() == replicas
            && s.getReplicas() == replicas
        ? d
        : null;
  }
}
