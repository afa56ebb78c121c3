package dev.gennaker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.core.tenant.Role;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every documented operation, called with a key of every role: below the role its {@code
 * x-gennaker-role} names it answers 403 (or 401 for agent routes) and changes nothing; at that role
 * it is never refused for the role. Driven by the OpenAPI document, so a new route's roles are
 * tested as soon as it is documented.
 */
class RoleSweepTest {

  private static HttpResponse call(
      ApiFixture f, String method, String path, String key, String type, String body) {
    Map<String, String> headers = new HashMap<>();
    if (key != null) {
      headers.put("Authorization", "Bearer " + key);
    }
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
  void everyOperation_refusesTheRolesBelowItsOwn_andAdmitsItsOwn() throws Exception {
    ApiFixture probe = new ApiFixture();
    JsonNode paths =
        ApiFunctionTest.json(call(probe, "GET", "/v1/openapi.json", null, null, null)).get("paths");
    List<String> checked = new ArrayList<>();
    for (var it = paths.fields(); it.hasNext(); ) {
      var entry = it.next();
      String path = entry.getKey();
      for (var m = entry.getValue().fields(); m.hasNext(); ) {
        var op = m.next();
        String method = op.getKey().toUpperCase(Locale.ROOT);
        String needed = op.getValue().path("x-gennaker-role").asText("");
        assertThat(needed).as(method + " " + path + " names its role").isNotEmpty();
        if (needed.equals("none")) {
          continue;
        }
        for (Role role : Role.values()) {
          // A fresh tenant per call: one operation's effect never changes another's answer.
          ApiFixture f = new ApiFixture();
          String key = f.key(ApiFixture.A, "user@acme.io", role);
          String concrete =
              path.replace("{application}", "orders")
                  .replace("{pipeline}", "orders-release")
                  .replace("{version}", "1")
                  .replace("{executionId}", "ex-none")
                  .replace("{approvalId}", "approve-1")
                  .replace("{stageId}", "bake")
                  .replace("{clusterId}", "staging")
                  .replace("{userId}", "bo@acme.io")
                  .replace("{keyId}", "000000000000000000")
                  .replace("{commandId}", "cmd-1")
                  .replace("{ref}", "executions");
          boolean yaml =
              path.equals("/v1/tenant") && method.equals("PUT")
                  || path.equals("/v1/pipelines") && method.equals("POST");
          String body =
              method.equals("GET") || method.equals("DELETE")
                  ? null
                  : yaml
                      ? (path.equals("/v1/tenant")
                          ? "apiVersion: gennaker.dev/v1\nkind: Tenant\nmetadata: {id: acme}\n"
                              + "spec:\n  members: [{user: user@acme.io, roles: [admin]}]\n"
                          : ResourcesTest.PIPELINE)
                      : "{\"application\":\"orders\",\"pipeline\":\"orders-release\","
                          + "\"decision\":\"approve\",\"roles\":[\"viewer\"],\"name\":\"ci\","
                          + "\"role\":\"viewer\",\"clusterId\":\"prod\",\"displayName\":\"x\","
                          + "\"namespaces\":[\"orders\"],\"fromStage\":\"deploy\"}";
          HttpResponse r =
              call(f, method, concrete, key, yaml ? "application/yaml" : "application/json", body);
          String what = method + " " + path + " as " + role + ": " + r.bodyText();
          if (needed.equals("agent")) {
            assertThat(r.status()).as(what).isEqualTo(401);
          } else if (role.compareTo(Role.valueOf(needed.toUpperCase(Locale.ROOT))) < 0) {
            assertThat(r.status()).as(what).isEqualTo(403);
            assertThat(
                    f.audit
                        .list(ApiFixture.A, dev.gennaker.core.store.PageRequest.first(10))
                        .items())
                .as("a refused call records no change: " + what)
                .isEmpty();
          } else {
            assertThat(r.status()).as(what).isNotIn(401, 403);
          }
          checked.add(what);
        }
      }
    }
    assertThat(checked).hasSizeGreaterThan(100);
  }
}
