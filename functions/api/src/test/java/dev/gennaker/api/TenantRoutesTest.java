package dev.gennaker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.onboarding.Onboarding;
import dev.gennaker.core.secret.SecretRef;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sign-up, tenant settings and declarations, members, keys; and the listings added with them. */
class TenantRoutesTest {
  private final ApiFixture f = new ApiFixture();

  private HttpResponse call(String method, String path, String key, String type, String body) {
    Map<String, String> headers = new HashMap<>();
    if (key != null) {
      headers.put("Authorization", "Bearer " + key);
    }
    if (type != null) {
      headers.put("Content-Type", type);
    }
    headers.put("Host", "gennaker.example.com");
    String p = path;
    Map<String, List<String>> query = new HashMap<>();
    int q = path.indexOf('?');
    if (q >= 0) {
      p = path.substring(0, q);
      for (String kv : path.substring(q + 1).split("&")) {
        String[] parts = kv.split("=", 2);
        query.put(parts[0], List.of(parts[1]));
      }
    }
    return f.api.handle(
        new HttpRequest(
            method,
            p,
            query,
            headers,
            body == null ? null : body.getBytes(StandardCharsets.UTF_8),
            "10.0.0.7"));
  }

  private HttpResponse json(String method, String path, String key, String body) {
    return call(method, path, key, "application/json", body);
  }

  private static JsonNode read(HttpResponse r) throws Exception {
    return ApiFunctionTest.json(r);
  }

  private String signUp(String id, String admin) throws Exception {
    HttpResponse r =
        json(
            "POST",
            "/v1/signup",
            null,
            "{\"tenantId\":\""
                + id
                + "\",\"displayName\":\"Shop\",\"adminEmail\":\""
                + admin
                + "\"}");
    assertThat(r.status()).as(r.bodyText()).isEqualTo(201);
    return read(r).get("apiKey").asText();
  }

  @Test
  void signUp_makesAWorkingTenant_andTheIdIsThenTaken() throws Exception {
    String key = signUp("shop-co", "Ana@Shop.io");
    JsonNode tenant = read(call("GET", "/v1/tenant", key, null, null));
    assertThat(tenant.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(tenant.get("draining").asBoolean()).isFalse();
    assertThat(f.provisioned).contains("shop-co");
    JsonNode members = read(call("GET", "/v1/members", key, null, null)).get("items");
    assertThat(members.get(0).get("userId").asText()).isEqualTo("ana@shop.io");
    assertThat(members.get(0).get("roles").get(0).asText()).isEqualTo("admin");

    JsonNode hooks = read(call("GET", "/v1/tenant/webhooks", key, null, null));
    assertThat(hooks.at("/github/url").asText())
        .isEqualTo("https://gennaker.example.com/webhooks/github/shop-co");
    assertThat(hooks.at("/github/secret").asText())
        .isEqualTo(
            f.secrets
                .get(new SecretRef(TenantId.of("shop-co"), Onboarding.GITHUB_WEBHOOK_SECRET))
                .orElseThrow()
                .reveal())
        .hasSize(64);

    HttpResponse taken =
        json(
            "POST",
            "/v1/signup",
            null,
            "{\"tenantId\":\"shop-co\",\"adminEmail\":\"eve@evil.io\"}");
    assertThat(taken.status()).isEqualTo(409);
    assertThat(read(taken).get("detail").asText())
        .isEqualTo("the tenant id shop-co is taken; choose another");
  }

  @Test
  void signUp_withBadFields_listsEveryProblem_andMakesNothing() throws Exception {
    HttpResponse r =
        json("POST", "/v1/signup", null, "{\"tenantId\":\"Shop Co\",\"adminEmail\":\"ana\"}");
    assertThat(r.status()).isEqualTo(422);
    assertThat(read(r).get("errors"))
        .extracting(e -> e.get("path").asText())
        .containsExactly("tenantId", "adminEmail");
    assertThat(json("POST", "/v1/signup", null, "not json").status()).isEqualTo(400);
    assertThat(call("POST", "/v1/signup", null, "text/plain", "{}").status()).isEqualTo(415);
  }

  @Test
  void members_areAdminWork_theLastAdminStays_andDemotionRevokesStrongerKeys() throws Exception {
    String admin = signUp("shop-co", "ana@shop.io");
    HttpResponse added =
        json("PUT", "/v1/members/ben@shop.io", admin, "{\"roles\":[\"editor\",\"deployer\"]}");
    assertThat(added.status()).isEqualTo(201);
    String bensKey =
        read(json("POST", "/v1/keys", admin, "{\"name\":\"ben@shop.io\",\"role\":\"editor\"}"))
            .get("key")
            .asText();
    assertThat(json("PUT", "/v1/members/cy@shop.io", bensKey, "{\"roles\":[\"viewer\"]}").status())
        .as("editors do not manage members")
        .isEqualTo(403);
    assertThat(call("GET", "/v1/members", bensKey, null, null).status()).isEqualTo(200);

    HttpResponse tooStrong =
        json("POST", "/v1/keys", admin, "{\"name\":\"ben@shop.io\",\"role\":\"admin\"}");
    assertThat(tooStrong.status()).isEqualTo(422);
    assertThat(read(tooStrong).get("detail").asText())
        .isEqualTo("ben@shop.io is [deployer, editor]; their key cannot be admin");

    assertThat(json("PUT", "/v1/members/ben@shop.io", admin, "{\"roles\":[\"viewer\"]}").status())
        .isEqualTo(200);
    assertThat(call("GET", "/v1/tenant", bensKey, null, null).status())
        .as("the editor key of a member who is now a viewer stops working")
        .isEqualTo(401);

    HttpResponse last = json("PUT", "/v1/members/ana@shop.io", admin, "{\"roles\":[\"viewer\"]}");
    assertThat(last.status()).isEqualTo(409);
    assertThat(read(last).get("detail").asText())
        .isEqualTo("ana@shop.io is the tenant's last admin; make someone else admin first");
    assertThat(call("DELETE", "/v1/members/ana@shop.io", admin, null, null).status())
        .isEqualTo(409);
    assertThat(json("PUT", "/v1/members/ben@shop.io", admin, "{\"roles\":[\"owner\"]}").status())
        .isEqualTo(422);
    assertThat(call("DELETE", "/v1/members/ben@shop.io", admin, null, null).status())
        .isEqualTo(204);
    assertThat(call("DELETE", "/v1/members/ben@shop.io", admin, null, null).status())
        .isEqualTo(404);
  }

  @Test
  void keys_areShownOnce_listedWithoutSecrets_andRevocationIsImmediate() throws Exception {
    String admin = signUp("shop-co", "ana@shop.io");
    HttpResponse created =
        json(
            "POST",
            "/v1/keys",
            admin,
            "{\"name\":\"ci-deployer\",\"role\":\"deployer\",\"expiresInDays\":30}");
    assertThat(created.status()).isEqualTo(201);
    JsonNode c = read(created);
    String ci = c.get("key").asText();
    assertThat(c.get("expiresAt").asText()).isNotEmpty();
    assertThat(call("GET", "/v1/tenant", ci, null, null).status()).isEqualTo(200);

    HttpResponse list = call("GET", "/v1/keys", admin, null, null);
    assertThat(list.bodyText()).doesNotContain(ci).doesNotContain(admin);
    JsonNode ciListed = null;
    for (JsonNode k : read(list).get("items")) {
      if (k.get("name").asText().equals("ci-deployer")) {
        ciListed = k;
      }
    }
    assertThat(ciListed).isNotNull();
    assertThat(ciListed.get("lastUsedAt")).as("the key's use is recorded").isNotNull();
    assertThat(ciListed.get("status").asText()).isEqualTo("active");
    assertThat(call("GET", "/v1/keys", ci, null, null).status()).isEqualTo(403);

    HttpResponse revoked = call("DELETE", "/v1/keys/" + c.get("keyId").asText(), admin, null, null);
    assertThat(read(revoked).get("status").asText()).isEqualTo("revoked");
    assertThat(call("GET", "/v1/tenant", ci, null, null).status()).isEqualTo(401);
    assertThat(call("DELETE", "/v1/keys/000000000000000000", admin, null, null).status())
        .isEqualTo(404);
    assertThat(
            json(
                    "POST",
                    "/v1/keys",
                    admin,
                    "{\"name\":\"x\",\"role\":\"viewer\",\"expiresInDays\":0}")
                .status())
        .isEqualTo(422);
  }

  @Test
  void drainMode_stopsNewExecutions_andIsVisible() throws Exception {
    String admin = f.key(ApiFixture.A, "ana@acme.io", Role.ADMIN);
    String editor = f.key(ApiFixture.A, "ed-ana", Role.EDITOR);
    assertThat(
            call("POST", "/v1/pipelines", editor, "application/yaml", ResourcesTest.PIPELINE)
                .status())
        .isEqualTo(201);
    assertThat(json("PATCH", "/v1/tenant", editor, "{\"draining\":true}").status()).isEqualTo(403);
    JsonNode drained = read(json("PATCH", "/v1/tenant", admin, "{\"draining\":true}"));
    assertThat(drained.get("draining").asBoolean()).isTrue();
    assertThat(read(call("GET", "/v1/tenant", editor, null, null)).get("draining").asBoolean())
        .isTrue();
    String start = "{\"application\":\"orders\",\"pipeline\":\"orders-release\"}";
    HttpResponse refused = json("POST", "/v1/executions", admin, start);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(read(refused).get("detail").asText())
        .isEqualTo(
            "tenant acme is draining: no new executions start until an admin ends the drain");
    assertThat(f.started).isEmpty();
    json("PATCH", "/v1/tenant", admin, "{\"draining\":false}");
    assertThat(json("POST", "/v1/executions", admin, start).status()).isEqualTo(201);
    assertThat(json("PATCH", "/v1/tenant", admin, "{\"draining\":\"yes\"}").status())
        .isEqualTo(422);
  }

  @Test
  void tenantFiles_areValidatedLikePipelines_andApplied() throws Exception {
    String admin = f.key(ApiFixture.A, "ana@acme.io", Role.ADMIN);
    HttpResponse bad =
        call(
            "PUT",
            "/v1/tenant",
            admin,
            "application/yaml",
            "apiVersion: gennaker.dev/v1\nkind: Tenant\nmetadata: {id: acme}\nspec:\n"
                + "  members: [{user: ana@acme.io, roles: [admn]}]\n");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(read(bad).get("errors"))
        .extracting(e -> e.get("line").asInt() + " " + e.get("path").asText())
        .containsExactly("5 spec.members", "5 spec.members[0].roles");

    String demo = Files.readString(repo().resolve("tenants/demo/tenant.yaml"));
    HttpResponse wrongTenant = call("PUT", "/v1/tenant", admin, "application/yaml", demo);
    assertThat(wrongTenant.status()).isEqualTo(422);
    assertThat(read(wrongTenant).get("detail").asText())
        .isEqualTo("this file declares tenant \"demo\"; your key belongs to \"acme\"");

    String mine = demo.replace("id: demo", "id: acme");
    JsonNode applied = read(call("PUT", "/v1/tenant", admin, "application/yaml", mine));
    assertThat(applied.get("changes").toString()).contains("cluster added: production");
    assertThat(read(call("PUT", "/v1/tenant", admin, "application/yaml", mine)).get("changes"))
        .isEmpty();
    assertThat(f.tenants.getMember(ApiFixture.A, "lead@demo.gennaker.dev")).isPresent();
    assertThat(read(call("GET", "/v1/tenant", admin, null, null)).get("slackChannel").asText())
        .isEqualTo("#shop-deploys");
    HttpResponse pruneMyself =
        call(
            "PUT",
            "/v1/tenant?prune=true",
            f.key(ApiFixture.A, "lead@demo.gennaker.dev", Role.ADMIN),
            "application/yaml",
            mine);
    assertThat(pruneMyself.status()).as(pruneMyself.bodyText()).isEqualTo(422);
  }

  @Test
  void executions_areListedNewestFirst_withFilters_andPipelinesHaveHistory() throws Exception {
    String editor = f.key(ApiFixture.A, "ed-ana", Role.EDITOR);
    String deployer = f.key(ApiFixture.A, "dev-ana", Role.DEPLOYER);
    call("POST", "/v1/pipelines", editor, "application/yaml", ResourcesTest.PIPELINE);
    call(
        "POST", "/v1/pipelines", editor, "application/yaml", ResourcesTest.PIPELINE + "# second\n");
    String start = "{\"application\":\"orders\",\"pipeline\":\"orders-release\"}";
    String first =
        read(json("POST", "/v1/executions", deployer, start)).get("executionId").asText();
    String second =
        read(json("POST", "/v1/executions", deployer, start)).get("executionId").asText();
    call("POST", "/v1/executions/" + first + "/cancel", deployer, "application/json", "{}");

    JsonNode all = read(call("GET", "/v1/executions?limit=1", deployer, null, null));
    assertThat(all.get("items").get(0).get("executionId").asText()).isEqualTo(second);
    JsonNode next =
        read(
            call(
                "GET",
                "/v1/executions?limit=1&nextToken=" + all.get("nextToken").asText(),
                deployer,
                null,
                null));
    assertThat(next.get("items").get(0).get("executionId").asText()).isEqualTo(first);
    JsonNode canceled =
        read(
            call(
                "GET",
                "/v1/executions?status=canceled&pipeline=orders/orders-release",
                deployer,
                null,
                null));
    assertThat(canceled.get("items"))
        .extracting(i -> i.get("executionId").asText())
        .containsExactly(first);
    assertThat(
            read(call("GET", "/v1/executions?since=2999-01-01T00:00:00Z", deployer, null, null))
                .get("items"))
        .isEmpty();
    assertThat(call("GET", "/v1/executions?status=done", deployer, null, null).status())
        .isEqualTo(400);
    assertThat(call("GET", "/v1/executions?pipeline=orders", deployer, null, null).status())
        .isEqualTo(400);

    JsonNode versions =
        read(call("GET", "/v1/pipelines/orders/orders-release/versions", deployer, null, null));
    assertThat(versions.get("items"))
        .extracting(v -> v.get("version").asInt())
        .containsExactly(2, 1);
    assertThat(
            read(call(
                    "GET", "/v1/pipelines/orders/orders-release/versions/1", deployer, null, null))
                .get("yaml")
                .asText())
        .isEqualTo(ResourcesTest.PIPELINE);
    assertThat(
            call("GET", "/v1/pipelines/orders/orders-release/versions/9", deployer, null, null)
                .status())
        .isEqualTo(404);
    assertThat(call("DELETE", "/v1/pipelines/orders/orders-release", deployer, null, null).status())
        .isEqualTo(403);
    assertThat(call("DELETE", "/v1/pipelines/orders/orders-release", editor, null, null).status())
        .isEqualTo(204);
    assertThat(json("POST", "/v1/executions", deployer, start).status()).isEqualTo(404);
    assertThat(
            call("GET", "/v1/pipelines/orders/orders-release/versions", deployer, null, null)
                .status())
        .as("history stays")
        .isEqualTo(200);
    JsonNode reapplied =
        read(call("POST", "/v1/pipelines", editor, "application/yaml", ResourcesTest.PIPELINE));
    assertThat(reapplied.get("version").asInt()).isEqualTo(3);
  }

  @Test
  void approvalsForMe_leaveOutWhatPolicyWouldRefuse() throws Exception {
    String deployer = f.key(ApiFixture.A, "dev-ana", Role.DEPLOYER);
    String viewer = f.key(ApiFixture.A, "view-cy", Role.VIEWER);
    String lead = f.key(ApiFixture.A, "lead-bo", Role.EDITOR);
    for (String[] a : new String[][] {{"a-self", "dev-ana"}, {"a-other", "someone"}}) {
      f.approvals.create(
          Approval.pending(
              ApiFixture.A,
              "ex-" + a[0],
              a[0],
              "approve",
              Set.of(Role.DEPLOYER),
              a[1],
              f.clock.instant(),
              Optional.empty()),
          "token-" + a[0]);
    }
    assertThat(read(call("GET", "/v1/approvals?for=me", deployer, null, null)).get("items"))
        .extracting(i -> i.get("approvalId").asText())
        .containsExactly("a-other");
    assertThat(read(call("GET", "/v1/approvals?for=me", viewer, null, null)).get("items"))
        .isEmpty();
    assertThat(read(call("GET", "/v1/approvals?for=me", lead, null, null)).get("items")).hasSize(2);
    assertThat(read(call("GET", "/v1/approvals", viewer, null, null)).get("items")).hasSize(2);
    assertThat(call("GET", "/v1/approvals?for=everyone", viewer, null, null).status())
        .isEqualTo(400);
  }

  private static Path repo() {
    String configured = System.getProperty("gennaker.repo");
    Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("tenants/demo"))) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find tenants/demo above " + start);
  }
}
