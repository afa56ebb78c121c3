package dev.gennaker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.core.tenant.Role;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterRoutesTest {
  private final ApiFixture f = new ApiFixture();
  private final String editor = f.key(ApiFixture.A, "ed-ana", Role.EDITOR);
  private final String viewer = f.key(ApiFixture.A, "view-cy", Role.VIEWER);

  private HttpResponse call(String method, String path, String key, String json) {
    Map<String, String> headers = new java.util.HashMap<>();
    headers.put("Authorization", "Bearer " + key);
    headers.put("Host", "gennaker.example.com");
    if (json != null) {
      headers.put("Content-Type", "application/json");
    }
    return f.api.handle(
        new HttpRequest(
            method,
            path,
            Map.of(),
            headers,
            json == null ? null : json.getBytes(StandardCharsets.UTF_8),
            ""));
  }

  @Test
  void clusters_areRegisteredByStableId_andRenamedWithoutChangingIt() throws Exception {
    HttpResponse created =
        call(
            "POST",
            "/v1/clusters",
            editor,
            "{\"clusterId\":\"prod-west\",\"displayName\":\"Production (west)\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(call("POST", "/v1/clusters", editor, "{\"clusterId\":\"prod-west\"}").status())
        .isEqualTo(409);
    HttpResponse bad = call("POST", "/v1/clusters", editor, "{\"clusterId\":\"Prod West\"}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(call("POST", "/v1/clusters", viewer, "{\"clusterId\":\"x\"}").status())
        .isEqualTo(403);
    JsonNode renamed =
        ApiFunctionTest.json(
            call("PATCH", "/v1/clusters/prod-west", editor, "{\"displayName\":\"EU production\"}"));
    assertThat(renamed.get("clusterId").asText()).isEqualTo("prod-west");
    assertThat(renamed.get("displayName").asText()).isEqualTo("EU production");
    assertThat(call("PATCH", "/v1/clusters/nope", editor, "{\"displayName\":\"x\"}").status())
        .isEqualTo(404);
  }

  @Test
  void token_comesWithTheInstallManifest_andRegistersAnAgentThatShowsHealthy() throws Exception {
    call("POST", "/v1/clusters", editor, "{\"clusterId\":\"prod-west\"}");
    HttpResponse r =
        call(
            "POST",
            "/v1/clusters/prod-west/tokens",
            editor,
            "{\"namespaces\":[\"orders\",\"payments\"]}");
    assertThat(r.status()).as(r.bodyText()).isEqualTo(201);
    JsonNode token = ApiFunctionTest.json(r);
    String manifest = token.get("installManifest").asText();
    String registration = token.get("registrationToken").asText();
    assertThat(manifest)
        .contains("token: " + registration)
        .contains("value: https://gennaker.example.com/")
        .contains("namespace: orders")
        .contains("namespace: payments")
        .contains("value: orders,payments")
        .doesNotContain("${");
    assertThat(manifest.split("\nkind: Role\n", -1)).hasSize(4); // agent state + one per namespace

    HttpResponse registered =
        f.api.handle(
            new HttpRequest(
                "POST",
                "/v1/agent/register",
                Map.of(),
                Map.of("Content-Type", "application/json"),
                ("{\"registrationToken\":\""
                        + registration
                        + "\",\"agentVersion\":\"0.1.0\",\"namespaces\":[\"orders\",\"payments\"]}")
                    .getBytes(StandardCharsets.UTF_8),
                ""));
    assertThat(registered.status()).isEqualTo(200);
    JsonNode clusters =
        ApiFunctionTest.json(call("GET", "/v1/clusters", viewer, null)).get("items");
    JsonNode prod = null;
    for (JsonNode c : clusters) {
      if (c.get("clusterId").asText().equals("prod-west")) {
        prod = c;
      }
    }
    assertThat(prod).isNotNull();
    assertThat(prod.get("agents").get(0).get("health").asText()).isEqualTo("HEALTHY");
    assertThat(prod.get("agents").get(0).get("agentVersion").asText()).isEqualTo("0.1.0");
  }

  @Test
  void deletingACluster_stopsItsAgentsCredentialAtOnce() throws Exception {
    call("POST", "/v1/clusters", editor, "{\"clusterId\":\"prod-west\"}");
    String registration =
        ApiFunctionTest.json(
                call(
                    "POST",
                    "/v1/clusters/prod-west/tokens",
                    editor,
                    "{\"namespaces\":[\"orders\"]}"))
            .get("registrationToken")
            .asText();
    HttpResponse registered =
        f.api.handle(
            new HttpRequest(
                "POST",
                "/v1/agent/register",
                Map.of(),
                Map.of("Content-Type", "application/json"),
                ("{\"registrationToken\":\"" + registration + "\",\"agentVersion\":\"0.1.0\"}")
                    .getBytes(StandardCharsets.UTF_8),
                ""));
    String credential = ApiFunctionTest.json(registered).get("credential").asText();
    java.util.function.Supplier<Integer> heartbeat =
        () ->
            f.api
                .handle(
                    new HttpRequest(
                        "POST",
                        "/v1/agent/heartbeat",
                        Map.of(),
                        Map.of(
                            "Content-Type",
                            "application/json",
                            "Authorization",
                            "Bearer " + credential),
                        "{\"agentVersion\":\"0.1.0\"}".getBytes(StandardCharsets.UTF_8),
                        ""))
                .status();
    assertThat(heartbeat.get()).isIn(200, 204);

    assertThat(call("DELETE", "/v1/clusters/prod-west", viewer, null).status()).isEqualTo(403);
    assertThat(call("DELETE", "/v1/clusters/prod-west", editor, null).status()).isEqualTo(204);
    assertThat(heartbeat.get()).isEqualTo(401);
    assertThat(call("GET", "/v1/clusters/prod-west", viewer, null).status()).isEqualTo(404);
    assertThat(call("DELETE", "/v1/clusters/prod-west", editor, null).status()).isEqualTo(404);
    assertThat(f.audit.list(ApiFixture.A, dev.gennaker.core.store.PageRequest.first(50)).items())
        .extracting(dev.gennaker.core.audit.AuditEntry::action)
        .contains("cluster.deleted");
  }

  @Test
  void token_needsNamespaces() throws Exception {
    call("POST", "/v1/clusters", editor, "{\"clusterId\":\"prod-west\"}");
    assertThat(call("POST", "/v1/clusters/prod-west/tokens", editor, "{}").status()).isEqualTo(422);
  }
}
