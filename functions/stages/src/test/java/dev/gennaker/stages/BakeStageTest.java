package dev.gennaker.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.blob.BlobRef;
import dev.gennaker.core.execution.Artifact;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.pipeline.StageStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bake stage in a running pipeline: real Helm or plain YAML, then the deploy gets a ref. */
class BakeStageTest {
  private final RunnerHarness h = new RunnerHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private static final String PIPELINE =
      """
      apiVersion: gennaker.dev/v1
      kind: Pipeline
      metadata: {name: ship, application: orders}
      spec:
        parameters:
          - {name: replicas, type: number, default: 3}
        stages:
          - id: bake
            type: bakeManifests
            with:
              source: SOURCE
              values: {replicaCount: "${parameters.replicas}"}
              releaseName: shop
              namespace: orders
          - id: staging
            type: deploy
            dependsOn: [bake]
            with:
              cluster: staging
              namespace: orders
              manifests: "${stages.bake.outputs.manifests}"
      """;

  private void putChart(String commit, String logLevel) throws Exception {
    for (var f : HelmChartRendererTest.chartFiles("deploy/chart")) {
      String text =
          f.path().endsWith("values.yaml")
              ? f.text().replace("logLevel: info", "logLevel: " + logLevel)
              : f.text();
      h.sources.put(RunnerHarness.TENANT, "acme/orders", commit, f.path(), text);
    }
  }

  private Execution ship(String commit) {
    return h.start(
        "ship",
        "dev-ana",
        Map.of("repository", "acme/orders", "commit", commit, "branch", "main"),
        List.of(new Artifact("docker/image", "orders", "ghcr.io/acme/orders:1.5.0")));
  }

  private String baked(Execution e) {
    String ref = h.stage(e, "bake").outputs().get("manifests");
    assertThat(ref).isEqualTo("blob:executions/" + e.executionId() + "/bake/manifests.yaml");
    return new String(
        h.blobs
            .get(new BlobRef(RunnerHarness.TENANT, ref.substring("blob:".length())))
            .orElseThrow()
            .content(),
        StandardCharsets.UTF_8);
  }

  @Test
  void chart_isRenderedByHelm_versioned_bound_andHandedToTheDeploy() throws Exception {
    putChart("c1", "info");
    h.apply(PIPELINE.replace("SOURCE", "deploy/chart"));
    Execution e = h.await(ship("c1"), ExecutionStatus.SUCCEEDED);
    String yaml = baked(e);
    assertThat(yaml)
        .contains("name: shop-orders-config-v000")
        .contains("replicas: 3")
        .contains("image: ghcr.io/acme/orders:1.5.0")
        .contains("gennaker.dev/execution: " + e.executionId());
    assertThat(h.stage(e, "bake").outputs())
        .containsEntry("configVersions", "shop-orders-config-v000");
    var deploy = h.commandsSeen.get(0).command();
    assertThat(deploy.parameters())
        .containsEntry("manifests", h.stage(e, "bake").outputs().get("manifests"));

    // Same content: the version is reused. Changed config: the next number.
    Execution same = h.await(ship("c1"), ExecutionStatus.SUCCEEDED);
    assertThat(baked(same)).contains("name: shop-orders-config-v000");
    putChart("c2", "debug");
    Execution changed = h.await(ship("c2"), ExecutionStatus.SUCCEEDED);
    assertThat(baked(changed))
        .contains("name: shop-orders-config-v001")
        .contains("name: shop-orders-config-v001\n");
  }

  @Test
  void plainManifests_areBakedAsWritten() {
    h.sources.put(
        RunnerHarness.TENANT,
        "acme/orders",
        "c1",
        "deploy/k8s/app.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: orders-config}
        data: {LOG_LEVEL: info}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: orders}
        spec:
          selector: {matchLabels: {app: orders}}
          template:
            metadata: {labels: {app: orders}}
            spec:
              containers:
                - name: orders
                  image: ghcr.io/acme/orders:latest
                  envFrom: [{configMapRef: {name: orders-config}}]
        """);
    h.apply(PIPELINE.replace("SOURCE", "deploy/k8s"));
    Execution e = h.await(ship("c1"), ExecutionStatus.SUCCEEDED);
    assertThat(baked(e))
        .contains("name: orders-config-v000")
        .contains("image: ghcr.io/acme/orders:1.5.0")
        .contains("namespace: orders");
  }

  @Test
  void badManifest_failsTheStage_withTheFileAndLine() {
    h.sources.put(
        RunnerHarness.TENANT,
        "acme/orders",
        "c1",
        "deploy/k8s/app.yaml",
        "apiVersion: v1\nkind: Service\nmetadata: {}\n");
    h.apply(PIPELINE.replace("SOURCE", "deploy/k8s"));
    Execution e = h.await(ship("c1"), ExecutionStatus.FAILED);
    assertThat(h.stage(e, "bake").status()).isEqualTo(StageStatus.FAILED);
    assertThat(h.stage(e, "bake").error().orElseThrow())
        .isEqualTo("deploy/k8s/app.yaml:1: Service has no metadata.name");
    assertThat(h.commandsSeen).isEmpty();
  }

  @Test
  void missingFolder_failsTheStage_sayingWhere() {
    h.apply(PIPELINE.replace("SOURCE", "deploy/nothing"));
    Execution e = h.await(ship("c9"), ExecutionStatus.FAILED);
    assertThat(h.stage(e, "bake").error().orElseThrow())
        .isEqualTo("no files under deploy/nothing in acme/orders at c9");
  }
}
