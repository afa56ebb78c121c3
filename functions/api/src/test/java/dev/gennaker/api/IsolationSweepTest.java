package dev.gennaker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.cluster.Cluster;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.tenant.Member;
import dev.gennaker.core.tenant.Role;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every documented operation, called by tenant B's admin with tenant A's ids: nothing of A leaks
 * and nothing of A changes. Driven by the OpenAPI document, so a new route is covered without
 * anyone remembering.
 */
class IsolationSweepTest {
  private final ApiFixture f = new ApiFixture();
  private final String editorA = f.key(ApiFixture.A, "ed-ana", Role.EDITOR);
  private final String deployerA = f.key(ApiFixture.A, "dev-ana", Role.DEPLOYER);
  private final String adminB = f.key(ApiFixture.B, "admin-dee@globex.io", Role.ADMIN);

  private HttpResponse call(String method, String path, String key, String type, String body) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", "Bearer " + key);
    if (type != null) {
      headers.put("Content-Type", type);
    }
    return f.api.handle(
        new HttpRequest(
            method,
            path,
            Map.of(),
            headers,
            body == null ? null : body.getBytes(StandardCharsets.UTF_8),
            "127.0.0.1"));
  }

  @Test
  void anotherTenant_neverSeesOrChangesAnythingOfA() throws Exception {
    // A has a pipeline, an execution with a pending approval, a cluster, a member and a key.
    assertThat(
            call("POST", "/v1/pipelines", editorA, "application/yaml", ResourcesTest.PIPELINE)
                .status())
        .isEqualTo(201);
    HttpResponse started =
        call(
            "POST",
            "/v1/executions",
            deployerA,
            "application/json",
            "{\"application\":\"orders\",\"pipeline\":\"orders-release\"}");
    String executionId = ApiFunctionTest.json(started).get("executionId").asText();
    f.approvals.create(
        Approval.pending(
            ApiFixture.A,
            executionId,
            "approve-1",
            "approve",
            Set.of(Role.DEPLOYER),
            "dev-ana",
            f.clock.instant(),
            Optional.empty()),
        "token-1");
    f.clusters.createCluster(
        new Cluster(ApiFixture.A, "prod-a", "Production A", f.clock.instant(), 0));
    f.tenants.putMember(
        new Member(ApiFixture.A, "ana@acme.io", Set.of(Role.ADMIN), f.clock.instant()));
    String keyIdA = f.keyStore.list(ApiFixture.A, PageRequest.first(10)).items().get(0).keyId();
    Map<String, String> ids =
        Map.of(
            "application", "orders",
            "pipeline", "orders-release",
            "version", "1",
            "executionId", executionId,
            "approvalId", "approve-1",
            "clusterId", "prod-a",
            "commandId", "ex-1-staging-1",
            "ref", "executions",
            "userId", "ana@acme.io",
            "keyId", keyIdA);
    // What only A's data contains. Ids are in some of B's requests (and may be echoed in a 404's
    // detail), so they count only where the request does not carry them.
    String prefixA = f.keyStore.get(ApiFixture.A, keyIdA).orElseThrow().visiblePrefix();
    List<String> secretsOfA = List.of("Production A", "dev-ana", "ed-ana", prefixA);
    List<String> idsOfA = List.of(executionId, "approve-1", "prod-a", keyIdA);

    JsonNode paths = ApiFunctionTest.json(call("GET", "/v1/openapi.json", adminB, null, null));
    List<String> checked = new ArrayList<>();
    for (var it = paths.get("paths").fields(); it.hasNext(); ) {
      var entry = it.next();
      String path = entry.getKey();
      for (var m = entry.getValue().fieldNames(); m.hasNext(); ) {
        String method = m.next().toUpperCase();
        String concrete = path;
        for (var id : ids.entrySet()) {
          concrete = concrete.replace("{" + id.getKey() + "}", id.getValue());
        }
        String what = method + " " + path;
        if (path.equals("/v1/signup") || path.equals("/v1/pipelines") && method.equals("POST")) {
          continue; // not about another tenant's objects: checked below and in TenantRoutesTest
        }
        HttpResponse r = call(method, concrete, adminB, type(path), body(method, path));
        String text = r.bodyText();
        checked.add(what);
        assertThat(r.status()).as(what + ": " + text).isLessThan(500);
        for (String secret : secretsOfA) {
          assertThat(text).as(what).doesNotContain(secret);
        }
        if (!path.contains("{")) {
          for (String id : idsOfA) {
            assertThat(text).as(what).doesNotContain(id);
          }
        }
        if (path.startsWith("/v1/agent/")) {
          assertThat(r.status()).as("API keys never work on agent routes: " + what).isEqualTo(401);
        } else if (path.contains("{") && !path.startsWith("/v1/members/")) {
          assertThat(r.status()).as(what + ": " + text).isEqualTo(404);
        }
      }
    }
    assertThat(checked).hasSizeGreaterThanOrEqualTo(30);

    // Nothing of A changed.
    assertThat(f.pipelines.latest(ApiFixture.A, "orders", "orders-release")).isPresent();
    Execution e = f.executions.get(ApiFixture.A, executionId).orElseThrow();
    assertThat(e.status()).isEqualTo(ExecutionStatus.QUEUED);
    assertThat(f.approvals.get(ApiFixture.A, executionId, "approve-1").orElseThrow().decision())
        .isEmpty();
    assertThat(f.clusters.getCluster(ApiFixture.A, "prod-a")).isPresent();
    assertThat(f.tenants.getMember(ApiFixture.A, "ana@acme.io").orElseThrow().roles())
        .containsExactly(Role.ADMIN);
    assertThat(f.keyStore.get(ApiFixture.A, keyIdA).orElseThrow().isActive()).isTrue();
    assertThat(f.tenants.getTenant(ApiFixture.A).orElseThrow().draining()).isFalse();
    assertThat(f.tenants.getTenant(ApiFixture.A).orElseThrow().displayName()).isEqualTo("acme");
    // B may have a pipeline of the same name: it is B's own, and A's is untouched.
    assertThat(
            call("POST", "/v1/pipelines", adminB, "application/yaml", ResourcesTest.PIPELINE)
                .status())
        .isEqualTo(201);
    assertThat(f.pipelines.latest(ApiFixture.A, "orders", "orders-release").orElseThrow().author())
        .isEqualTo("ed-ana");
  }

  private static String type(String path) {
    return path.equals("/v1/pipelines/validate") || path.equals("/v1/tenant")
        ? "application/yaml"
        : "application/json";
  }

  private static String body(String method, String path) {
    if (method.equals("GET") || method.equals("DELETE")) {
      return null;
    }
    if (path.equals("/v1/pipelines/validate")) {
      return ResourcesTest.PIPELINE;
    }
    if (path.equals("/v1/tenant") && method.equals("PUT")) {
      // Declaring tenant A with B's key: refused, whatever the file says.
      return "apiVersion: gennaker.dev/v1\nkind: Tenant\nmetadata: {id: acme}\n"
          + "spec:\n  members: [{user: dee@globex.io, roles: [admin]}]\n";
    }
    return "{\"application\":\"orders\",\"pipeline\":\"orders-release\",\"decision\":\"approve\","
        + "\"fromStage\":\"deploy\",\"displayName\":\"renamed\",\"draining\":true,"
        + "\"roles\":[\"viewer\"],\"name\":\"ci\",\"role\":\"viewer\",\"clusterId\":\"prod-b\","
        + "\"namespaces\":[\"orders\"]}";
  }
}
