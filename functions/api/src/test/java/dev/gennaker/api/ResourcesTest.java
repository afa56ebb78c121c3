package dev.gennaker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.tenant.Role;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourcesTest {
  private final ApiFixture f = new ApiFixture();
  private final String editorA = f.key(ApiFixture.A, "ed-ana", Role.EDITOR);
  private final String deployerA = f.key(ApiFixture.A, "dev-ana", Role.DEPLOYER);
  private final String leadA = f.key(ApiFixture.A, "lead-bo", Role.DEPLOYER);
  private final String viewerA = f.key(ApiFixture.A, "view-cy", Role.VIEWER);
  private final String adminB = f.key(ApiFixture.B, "admin-dee", Role.ADMIN);

  static final String PIPELINE =
      """
      apiVersion: gennaker.dev/v1
      kind: Pipeline
      metadata: {name: orders-release, application: orders}
      spec:
        parameters:
          - {name: replicas, type: number, default: 2}
        stages:
          - id: staging
            type: deploy
            with: {cluster: staging, namespace: orders, manifests: m}
      """;

  private HttpResponse call(
      String method, String path, String key, String contentType, String body) {
    Map<String, String> headers = new java.util.HashMap<>();
    if (key != null) {
      headers.put("Authorization", "Bearer " + key);
    }
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    String p = path;
    Map<String, List<String>> query = Map.of();
    int q = path.indexOf('?');
    if (q >= 0) {
      p = path.substring(0, q);
      String[] kv = path.substring(q + 1).split("=");
      query = Map.of(kv[0], List.of(kv[1]));
    }
    return f.api.handle(
        new HttpRequest(
            method,
            p,
            query,
            headers,
            body == null ? null : body.getBytes(StandardCharsets.UTF_8),
            "127.0.0.1"));
  }

  private static JsonNode json(HttpResponse r) throws Exception {
    return ApiFunctionTest.json(r);
  }

  private void applyPipeline() {
    assertThat(call("POST", "/v1/pipelines", editorA, "application/yaml", PIPELINE).status())
        .isIn(200, 201);
  }

  private Execution start() throws Exception {
    applyPipeline();
    HttpResponse r =
        call(
            "POST",
            "/v1/executions",
            deployerA,
            "application/json",
            "{\"application\":\"orders\",\"pipeline\":\"orders-release\"}");
    assertThat(r.status()).as(r.bodyText()).isEqualTo(201);
    return f.executions.get(ApiFixture.A, json(r).get("executionId").asText()).orElseThrow();
  }

  @Test
  void missingOrBadKeys_are401_withAChallenge() throws Exception {
    HttpResponse none = call("GET", "/v1/pipelines", null, null, null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.headers()).containsKey("WWW-Authenticate");
    assertThat(call("GET", "/v1/pipelines", "gnk_acme_nope_nope", null, null).status())
        .isEqualTo(401);
    assertThat(json(call("GET", "/v1/pipelines", "not-a-key", null, null)).get("detail").asText())
        .isEqualTo("the API key is unknown, revoked or malformed");
  }

  @Test
  void roles_areEnforced_403() throws Exception {
    HttpResponse r = call("POST", "/v1/pipelines", viewerA, "application/yaml", PIPELINE);
    assertThat(r.status()).isEqualTo(403);
    assertThat(json(r).get("detail").asText())
        .isEqualTo("this needs the editor role; your key has viewer");
  }

  @Test
  void pipelines_areVersioned_withTheirAuthor() throws Exception {
    HttpResponse first = call("POST", "/v1/pipelines", editorA, "application/yaml", PIPELINE);
    assertThat(first.status()).isEqualTo(201);
    assertThat(json(first).get("changed").asBoolean()).isTrue();
    HttpResponse same = call("POST", "/v1/pipelines", editorA, "application/yaml", PIPELINE);
    assertThat(same.status()).as("the same text again stores nothing").isEqualTo(200);
    assertThat(json(same).get("version").asInt()).isEqualTo(1);
    String changed = PIPELINE + "# a comment\n";
    HttpResponse second = call("POST", "/v1/pipelines", editorA, "application/yaml", changed);
    assertThat(second.status()).isEqualTo(201);
    JsonNode got = json(call("GET", "/v1/pipelines/orders/orders-release", viewerA, null, null));
    assertThat(got.get("version").asInt()).isEqualTo(2);
    assertThat(got.get("author").asText()).isEqualTo("ed-ana");
    assertThat(got.get("yaml").asText()).isEqualTo(changed);
    assertThat(json(call("GET", "/v1/pipelines", viewerA, null, null)).get("items")).hasSize(1);
  }

  @Test
  void aPipelineFileOfHundredsOfKilobytes_isAccepted_underTheMebibyteLimit() throws Exception {
    StringBuilder big = new StringBuilder(PIPELINE);
    while (big.length() < 300_000) {
      big.append("# a long comment line that pads the file to a few hundred kilobytes\n");
    }
    HttpResponse r = call("POST", "/v1/pipelines", editorA, "application/yaml", big.toString());
    assertThat(r.status()).as(r.bodyText()).isEqualTo(201);
    assertThat(
            json(call("GET", "/v1/pipelines/orders/orders-release", viewerA, null, null))
                .get("yaml")
                .asText())
        .hasSize(big.length());
  }

  @Test
  void pipelineNamingAnUnknownCluster_is422() throws Exception {
    HttpResponse r =
        call(
            "POST",
            "/v1/pipelines",
            editorA,
            "application/yaml",
            PIPELINE.replace("cluster: staging", "cluster: stagin"));
    assertThat(r.status()).isEqualTo(422);
    assertThat(json(r).get("errors").get(0).get("message").asText())
        .startsWith("unknown cluster \"stagin\" (did you mean \"staging\"?)");
  }

  @Test
  void start_honoursTheIdempotencyKey() throws Exception {
    applyPipeline();
    for (int i = 0; i < 2; i++) {
      Map<String, String> headers =
          Map.of(
              "Authorization",
              "Bearer " + deployerA,
              "Content-Type",
              "application/json",
              "Idempotency-Key",
              "deploy-42");
      HttpResponse r =
          f.api.handle(
              new HttpRequest(
                  "POST",
                  "/v1/executions",
                  Map.of(),
                  headers,
                  "{\"application\":\"orders\",\"pipeline\":\"orders-release\"}"
                      .getBytes(StandardCharsets.UTF_8),
                  ""));
      assertThat(r.status()).isEqualTo(201);
    }
    assertThat(f.started).hasSize(1);
  }

  @Test
  void start_withASource_givesBakeTheRepositoryAndCommit() throws Exception {
    applyPipeline();
    HttpResponse r =
        call(
            "POST",
            "/v1/executions",
            deployerA,
            "application/json",
            "{\"application\":\"orders\",\"pipeline\":\"orders-release\","
                + "\"source\":{\"repository\":\"acme/orders\",\"commit\":\"main\"}}");
    assertThat(r.status()).as(r.bodyText()).isEqualTo(201);
    Execution e = f.executions.get(ApiFixture.A, json(r).get("executionId").asText()).orElseThrow();
    assertThat(e.trigger().details())
        .containsEntry("repository", "acme/orders")
        .containsEntry("commit", "main")
        .containsEntry("user", "dev-ana");
    assertThat(
            call(
                    "POST",
                    "/v1/executions",
                    deployerA,
                    "application/json",
                    "{\"application\":\"orders\",\"pipeline\":\"orders-release\","
                        + "\"source\":{\"repository\":\"orders\"}}")
                .status())
        .isEqualTo(422);
  }

  @Test
  void start_checksParametersAgainstTheFile() throws Exception {
    applyPipeline();
    HttpResponse r =
        call(
            "POST",
            "/v1/executions",
            deployerA,
            "application/json",
            "{\"application\":\"orders\",\"pipeline\":\"orders-release\",\"parameters\":{\"replicas\":\"many\",\"colour\":\"red\"}}");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.bodyText())
        .contains("unknown parameter \\\"colour\\\"")
        .contains("must be a number");
  }

  @Test
  void execution_isReadable_andCancelable() throws Exception {
    Execution e = start();
    JsonNode got = json(call("GET", "/v1/executions/" + e.executionId(), viewerA, null, null));
    assertThat(got.get("status").asText()).isEqualTo("QUEUED");
    assertThat(got.get("timeline").get(0).get("message").asText()).startsWith("queued by api");
    assertThat(
            call("POST", "/v1/executions/" + e.executionId() + "/cancel", viewerA, null, null)
                .status())
        .isEqualTo(403);
    JsonNode canceled =
        json(call("POST", "/v1/executions/" + e.executionId() + "/cancel", deployerA, null, null));
    assertThat(canceled.get("status").asText()).isEqualTo("CANCELED");
    assertThat(f.stopped).hasSize(1);
  }

  @Test
  void theManifestsAStageRendered_areServedAsTheyWere() throws Exception {
    Execution e = start();
    String key = "executions/" + e.executionId() + "/bake/manifests.yaml";
    f.blobs.put(
        new dev.gennaker.core.blob.BlobRef(ApiFixture.A, key),
        new dev.gennaker.core.blob.Blob(
            "kind: Deployment\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "application/yaml"));
    f.executions.createStage(
        new dev.gennaker.core.execution.StageRecord(
            ApiFixture.A,
            e.executionId(),
            "bake",
            "bake",
            dev.gennaker.core.pipeline.StageStatus.SUCCEEDED,
            1,
            Map.of("manifests", "blob:" + key, "images", "web/web=shop:1.4.2@sha256:ab"),
            Optional.empty(),
            Optional.of(f.clock.instant()),
            Optional.of(f.clock.instant()),
            0));
    HttpResponse r =
        call(
            "GET",
            "/v1/executions/" + e.executionId() + "/stages/bake/manifests",
            viewerA,
            null,
            null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers()).containsEntry("Content-Type", "application/yaml");
    assertThat(r.bodyText()).isEqualTo("kind: Deployment\n");
    JsonNode got = json(call("GET", "/v1/executions/" + e.executionId(), viewerA, null, null));
    assertThat(got.get("stages").get(0).get("outputs").get("images").asText())
        .isEqualTo("web/web=shop:1.4.2@sha256:ab");
    assertThat(
            call(
                    "GET",
                    "/v1/executions/" + e.executionId() + "/stages/deploy/manifests",
                    viewerA,
                    null,
                    null)
                .status())
        .isEqualTo(404);
  }

  @Test
  void approvals_followThePolicy_andAreDecidedOnce() throws Exception {
    Execution e = start();
    f.approvals.create(
        Approval.pending(
            ApiFixture.A,
            e.executionId(),
            "approve-1",
            "approve",
            Set.of(Role.DEPLOYER, Role.ADMIN),
            "dev-ana",
            f.clock.instant(),
            Optional.empty()),
        "token-1");
    f.executions.createStage(
        dev.gennaker.core.execution.StageRecord.notStarted(
            ApiFixture.A, e.executionId(), "approve", "approval"));
    String path = "/v1/executions/" + e.executionId() + "/approvals/approve-1";
    assertThat(json(call("GET", "/v1/approvals", viewerA, null, null)).get("items")).hasSize(1);
    HttpResponse self =
        call("POST", path, deployerA, "application/json", "{\"decision\":\"approve\"}");
    assertThat(self.status()).isEqualTo(403);
    assertThat(json(self).get("detail").asText()).contains("you triggered this execution");
    assertThat(
            call("POST", path, viewerA, "application/json", "{\"decision\":\"approve\"}").status())
        .isEqualTo(403);
    HttpResponse ok =
        call(
            "POST",
            path,
            leadA,
            "application/json",
            "{\"decision\":\"approve\",\"comment\":\"ship\"}");
    assertThat(ok.status()).as(ok.bodyText()).isEqualTo(200);
    assertThat(json(ok).get("decision").get("decidedBy").asText()).isEqualTo("lead-bo");
    HttpResponse again = call("POST", path, leadA, "application/json", "{\"decision\":\"reject\"}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(json(again).get("detail").asText()).startsWith("already approved by lead-bo");
    assertThat(call("POST", path, leadA, "application/json", "{\"decision\":\"maybe\"}").status())
        .isEqualTo(422);
  }

  @Test
  void restart_runsAnEndedExecutionAgainFromAStage() throws Exception {
    Execution e = start();
    String path = "/v1/executions/" + e.executionId() + "/restart";
    HttpResponse running =
        call("POST", path, deployerA, "application/json", "{\"fromStage\":\"staging\"}");
    assertThat(running.status()).isEqualTo(409);
    assertThat(json(running).get("detail").asText()).contains("is still queued");
    call("POST", "/v1/executions/" + e.executionId() + "/cancel", deployerA, null, null);
    assertThat(
            call("POST", path, deployerA, "application/json", "{\"fromStage\":\"nope\"}").status())
        .isEqualTo(422);
    HttpResponse again =
        call("POST", path, deployerA, "application/json", "{\"fromStage\":\"staging\"}");
    assertThat(again.status()).as(again.bodyText()).isEqualTo(201);
    assertThat(json(again).get("trigger").get("details").get("restartOf").asText())
        .isEqualTo(e.executionId());
    assertThat(f.started).hasSize(2);
  }

  @Test
  void changesAndDecisions_areAudited_withWhoAndFromWhere() throws Exception {
    Execution e = start();
    call("POST", "/v1/executions/" + e.executionId() + "/cancel", deployerA, null, null);
    String admin = f.key(ApiFixture.A, "admin-ann", Role.ADMIN);
    JsonNode items = json(call("GET", "/v1/audit", admin, null, null)).get("items");
    assertThat(items)
        .extracting(i -> i.get("action").asText())
        .contains("pipeline.applied", "execution.started", "execution.canceled");
    JsonNode started = null;
    for (JsonNode i : items) {
      if (i.get("action").asText().equals("execution.started")) {
        started = i;
      }
    }
    assertThat(started.get("actor").asText()).isEqualTo("dev-ana");
    assertThat(started.get("objectId").asText()).isEqualTo(e.executionId());
    assertThat(started.get("details").get("sourceIp").asText()).isEqualTo("127.0.0.1");
    assertThat(call("GET", "/v1/audit", viewerA, null, null).status()).isEqualTo(403);
  }
}
