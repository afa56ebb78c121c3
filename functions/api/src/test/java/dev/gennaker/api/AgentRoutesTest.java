package dev.gennaker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.core.agent.AgentCommand;
import dev.gennaker.core.blob.Blob;
import dev.gennaker.core.blob.BlobRef;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.execution.Trigger;
import dev.gennaker.core.pipeline.StageStatus;
import dev.gennaker.core.tenant.Role;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The agent protocol's server side, as docs/agent-protocol.md describes it. */
class AgentRoutesTest {
  private final ApiFixture f = new ApiFixture();

  private HttpResponse call(String method, String path, String credential, String json) {
    Map<String, String> headers = new java.util.HashMap<>();
    if (credential != null) {
      headers.put("Authorization", "Bearer " + credential);
    }
    headers.put("Content-Type", "application/json");
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
            json == null ? null : json.getBytes(StandardCharsets.UTF_8),
            "10.0.0.9"));
  }

  private JsonNode register() throws Exception {
    String token = f.registrationTokens.issue(ApiFixture.A, "staging", Duration.ofHours(1));
    HttpResponse r =
        call(
            "POST",
            "/v1/agent/register",
            null,
            "{\"registrationToken\":\""
                + token
                + "\",\"agentVersion\":\"0.1.0\",\"namespaces\":[\"orders\"]}");
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    return ApiFunctionTest.json(r);
  }

  @Test
  void registrationToken_worksOnce() throws Exception {
    String token = f.registrationTokens.issue(ApiFixture.A, "staging", Duration.ofHours(1));
    String body = "{\"registrationToken\":\"" + token + "\",\"namespaces\":[\"orders\"]}";
    HttpResponse first = call("POST", "/v1/agent/register", null, body);
    assertThat(first.status()).isEqualTo(200);
    String agentId = ApiFunctionTest.json(first).get("agentId").asText();
    assertThat(f.clusters.getAgent(ApiFixture.A, agentId).orElseThrow().clusterId())
        .isEqualTo("staging");
    HttpResponse again = call("POST", "/v1/agent/register", null, body);
    assertThat(again.status()).isEqualTo(409);
    assertThat(ApiFunctionTest.json(again).get("detail").asText()).contains("already used");
    assertThat(
            call("POST", "/v1/agent/register", null, "{\"registrationToken\":\"reg-nope\"}")
                .status())
        .isEqualTo(401);
  }

  @Test
  void credentials_workOnlyWhereTheyBelong() throws Exception {
    String credential = register().get("credential").asText();
    String apiKey = f.key(ApiFixture.A, "admin", Role.ADMIN);
    assertThat(call("GET", "/v1/agent/commands?waitSeconds=0", apiKey, null).status())
        .isEqualTo(401);
    assertThat(call("GET", "/v1/pipelines", credential, null).status()).isEqualTo(401);
    assertThat(call("GET", "/v1/agent/commands?waitSeconds=0", credential, null).status())
        .isEqualTo(200);
  }

  @Test
  void commands_areHandedOutInTheAgentsShape_andAResultCompletesTheStageOnce() throws Exception {
    JsonNode agent = register();
    String credential = agent.get("credential").asText();
    String agentId = agent.get("agentId").asText();
    Execution e =
        f.executions.create(
            Execution.queued(
                ApiFixture.A,
                "ex-1",
                "orders",
                "orders-release",
                1,
                new Trigger("api", "dev-ana", Map.of()),
                Map.of(),
                List.of(),
                f.clock.instant()));
    StageRecord running =
        new StageRecord(
            ApiFixture.A,
            "ex-1",
            "staging",
            "deploy",
            StageStatus.RUNNING,
            1,
            Map.of(),
            Optional.empty(),
            Optional.of(f.clock.instant()),
            Optional.empty(),
            0);
    f.executions.createStage(running);
    BlobRef ref = new BlobRef(ApiFixture.A, "executions/ex-1/bake/manifests.yaml");
    f.blobs.put(
        ref, new Blob("kind: ConfigMap\n".getBytes(StandardCharsets.UTF_8), "application/yaml"));
    f.channel.send(
        new AgentCommand(
            "ex-1-staging-1",
            ApiFixture.A,
            agentId,
            "apply",
            "orders",
            Optional.of(ref),
            Map.of(
                "executionId",
                "ex-1",
                "stageId",
                "staging",
                "attempt",
                "1",
                "action",
                "run",
                "force",
                "false",
                "strategy",
                "{\"type\":\"canary\",\"steps\":[{\"setWeight\":25}]}",
                "tracking.execution",
                "ex-1"),
            f.clock.instant()));

    JsonNode commands =
        ApiFunctionTest.json(call("GET", "/v1/agent/commands?waitSeconds=1", credential, null))
            .get("commands");
    assertThat(commands).hasSize(1);
    JsonNode c = commands.get(0);
    assertThat(c.get("id").asText()).isEqualTo("ex-1-staging-1");
    assertThat(c.get("type").asText()).isEqualTo("apply");
    assertThat(c.get("manifestsRef").asText()).isEqualTo(ref.key());
    assertThat(c.get("force").asBoolean()).isFalse();
    assertThat(c.get("strategy").get("steps").get(0).get("setWeight").asInt()).isEqualTo(25);
    assertThat(c.get("tracking").get("execution").asText()).isEqualTo("ex-1");

    HttpResponse blob =
        call(
            "GET",
            "/v1/agent/blobs/" + URLEncoder.encode(ref.key(), StandardCharsets.UTF_8),
            credential,
            null);
    assertThat(blob.status()).isEqualTo(200);
    assertThat(blob.bodyText()).isEqualTo("kind: ConfigMap\n");

    HttpResponse beat =
        call(
            "POST",
            "/v1/agent/heartbeat",
            credential,
            "{\"agentVersion\":\"0.1.0\",\"running\":[{\"commandId\":\"ex-1-staging-1\",\"message\":\"Deployment orders/web: 1/2 replicas updated\"}]}");
    assertThat(beat.status()).isEqualTo(204);
    assertThat(f.clusters.getAgent(ApiFixture.A, agentId).orElseThrow().agentVersion())
        .contains("0.1.0");

    String result =
        "{\"commandId\":\"ex-1-staging-1\",\"status\":\"failed\",\"message\":\"Deployment orders/web failed: ProgressDeadlineExceeded\",\"events\":[\"Pod web-1: Failed to pull image\"]}";
    assertThat(
            call("POST", "/v1/agent/commands/ex-1-staging-1/result", credential, result).status())
        .isEqualTo(200);
    StageRecord failed = f.executions.getStage(ApiFixture.A, "ex-1", "staging").orElseThrow();
    assertThat(failed.status()).isEqualTo(StageStatus.FAILED);
    assertThat(failed.error().orElseThrow())
        .isEqualTo(
            "Deployment orders/web failed: ProgressDeadlineExceeded; Pod web-1: Failed to pull image");
    // The agent re-sends: acknowledged, nothing changes.
    String late = result.replace("failed", "succeeded");
    assertThat(call("POST", "/v1/agent/commands/ex-1-staging-1/result", credential, late).status())
        .isEqualTo(200);
    assertThat(f.executions.getStage(ApiFixture.A, "ex-1", "staging").orElseThrow().status())
        .isEqualTo(StageStatus.FAILED);
    assertThat(
            f.executions
                .listEvents(
                    ApiFixture.A,
                    "ex-1",
                    new dev.gennaker.core.store.PageRequest(50, Optional.empty()))
                .items())
        .anyMatch(ev -> ev.message().contains("1/2 replicas updated"));
    assertThat(e.executionId()).isEqualTo("ex-1");
  }

  @Test
  void abortAndRollback_reachTheAgentInItsProtocol() {
    var abort =
        AgentRoutes.toAgentJson(
            new dev.gennaker.core.agent.AgentCommand(
                "ex-1-deploy-1-abort",
                ApiFixture.A,
                "agent-1",
                "abort",
                "shop",
                java.util.Optional.empty(),
                Map.of("commandId", "ex-1-deploy-1"),
                java.time.Instant.now()));
    assertThat(abort.get("type").asText()).isEqualTo("abort");
    assertThat(abort.get("name").asText()).isEqualTo("ex-1-deploy-1");
    var rollback =
        AgentRoutes.toAgentJson(
            new dev.gennaker.core.agent.AgentCommand(
                "ex-1-deploy-1-rollback",
                ApiFixture.A,
                "agent-1",
                "rollback",
                "shop",
                java.util.Optional.of(
                    new dev.gennaker.core.blob.BlobRef(ApiFixture.A, "executions/ex-1/m.yaml")),
                Map.of("action", "rollback"),
                java.time.Instant.now()));
    assertThat(rollback.get("type").asText()).isEqualTo("rollback");
    assertThat(rollback.get("manifestsRef").asText()).isEqualTo("executions/ex-1/m.yaml");
  }

  @Test
  void anotherTenantsBlob_isNotFound() throws Exception {
    String credential = register().get("credential").asText();
    f.blobs.put(
        new BlobRef(ApiFixture.B, "executions/x/bake/manifests.yaml"),
        new Blob(new byte[] {1}, "application/yaml"));
    assertThat(
            call(
                    "GET",
                    "/v1/agent/blobs/"
                        + URLEncoder.encode(
                            "executions/x/bake/manifests.yaml", StandardCharsets.UTF_8),
                    credential,
                    null)
                .status())
        .isEqualTo(404);
  }

  @Test
  void driftEvents_landInTheAuditLog_andInventoryIsKept() throws Exception {
    JsonNode agent = register();
    String credential = agent.get("credential").asText();
    String drift =
        "{\"events\":[{\"type\":\"drift\",\"kind\":\"Deployment\",\"namespace\":\"orders\",\"name\":\"web\","
            + "\"managers\":[\"kubectl-edit\"],\"fields\":[\"spec.replicas\"],\"time\":\"2026-11-22T03:14:07Z\","
            + "\"message\":\"Deployment orders/web was changed outside Gennaker by kubectl-edit (spec.replicas)\"}]}";
    assertThat(call("POST", "/v1/agent/events", credential, drift).status()).isEqualTo(204);
    assertThat(
            call(
                    "POST",
                    "/v1/agent/inventory",
                    credential,
                    "{\"objects\":[{\"kind\":\"Deployment\",\"name\":\"web\"}]}")
                .status())
        .isEqualTo(204);
    String admin = f.key(ApiFixture.A, "admin-ann", Role.ADMIN);
    JsonNode entries = ApiFunctionTest.json(call("GET", "/v1/audit", admin, null)).get("items");
    JsonNode driftEntry = null;
    for (JsonNode e : entries) {
      if (e.get("action").asText().equals("cluster.drift")) {
        driftEntry = e;
      }
    }
    assertThat(driftEntry).isNotNull();
    assertThat(driftEntry.get("actor").asText()).isEqualTo("kubectl-edit");
    assertThat(driftEntry.get("objectId").asText()).isEqualTo("Deployment/orders/web");
    assertThat(driftEntry.get("details").get("fields").asText()).isEqualTo("spec.replicas");
    assertThat(entries).anyMatch(e -> e.get("action").asText().equals("agent.registered"));
    assertThat(
            f.blobs.get(
                new BlobRef(
                    ApiFixture.A, "agents/" + agent.get("agentId").asText() + "/inventory.json")))
        .isPresent();
    assertThat(call("GET", "/v1/audit", f.key(ApiFixture.A, "dev", Role.DEPLOYER), null).status())
        .isEqualTo(403);
  }
}
