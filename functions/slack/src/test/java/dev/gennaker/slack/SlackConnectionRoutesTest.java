package dev.gennaker.slack;

import static dev.gennaker.slack.SlackFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.Tenant;
import dev.gennaker.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackConnectionRoutesTest {
  private final SlackFixture f = new SlackFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  private HttpResponse call(String method, String path, String key, String json) {
    Map<String, String> headers = new java.util.HashMap<>();
    headers.put("Authorization", "Bearer " + key);
    if (json != null) {
      headers.put("Content-Type", "application/json");
    }
    return f.function.handle(
        new HttpRequest(
            method,
            path,
            Map.of(),
            headers,
            json == null ? null : json.getBytes(StandardCharsets.UTF_8),
            "198.51.100.1"));
  }

  private String key(TenantId tenant, Role role) {
    return f.keys.issue(tenant, role.name().toLowerCase() + "-key", role).key();
  }

  @Test
  void admin_connectsSlack_secretsGoToTheSecretStore_andAreNeverReturned() {
    String admin = key(TENANT, Role.ADMIN);
    f.connections.delete(TENANT);

    HttpResponse put =
        call(
            "PUT",
            "/v1/slack",
            admin,
            "{\"teamId\":\"T0ACME\",\"botToken\":\"xoxb-2222-new-token\","
                + "\"signingSecret\":\"0123456789abcdef0123\",\"defaultChannel\":\"#deploys\"}");

    assertThat(put.status()).isEqualTo(200);
    assertThat(put.bodyText())
        .contains(
            "\"teamId\":\"T0ACME\"", "\"defaultChannel\":\"#deploys\"", "\"botToken\":\"stored\"")
        .doesNotContain("xoxb-2222", "0123456789abcdef0123");
    assertThat(f.secrets.get(SlackNotifier.botToken(TENANT)))
        .contains(SecretValue.of("xoxb-2222-new-token"));
    assertThat(f.secrets.get(SlackNotifier.signingSecret(TENANT)))
        .contains(SecretValue.of("0123456789abcdef0123"));
    HttpResponse get = call("GET", "/v1/slack", admin, null);
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.bodyText()).doesNotContain("xoxb-2222");
  }

  @Test
  void incompleteConnection_isInvalid_withEachField() {
    HttpResponse r =
        call(
            "PUT",
            "/v1/slack",
            key(TENANT, Role.ADMIN),
            "{\"teamId\":\"acme\",\"botToken\":\"xoxp-user\"}");

    assertThat(r.status()).isEqualTo(422);
    assertThat(r.bodyText())
        .contains("/teamId", "/botToken", "/signingSecret", "/defaultChannel")
        .doesNotContain("xoxp-user");
  }

  @Test
  void nonAdmins_areForbidden() {
    String deployer = key(TENANT, Role.DEPLOYER);

    assertThat(call("GET", "/v1/slack", deployer, null).status()).isEqualTo(403);
    assertThat(call("PUT", "/v1/slack", deployer, "{}").status()).isEqualTo(403);
    assertThat(
            call("PUT", "/v1/slack/users/ana@acme.example", deployer, "{\"slackUserId\":\"U0EVE\"}")
                .status())
        .isEqualTo(403);
    assertThat(call("GET", "/v1/slack", "gk_not-a-key", null).status()).isEqualTo(401);
  }

  @Test
  void anotherTenant_seesNothing_andCannotClaimTheWorkspace() {
    TenantId globex = TenantId.of("globex");
    f.tenants.createTenant(new Tenant(globex, "Globex", SlackFixture.T0));
    String admin = key(globex, Role.ADMIN);

    assertThat(call("GET", "/v1/slack", admin, null).status()).isEqualTo(404);
    HttpResponse claim =
        call(
            "PUT",
            "/v1/slack",
            admin,
            "{\"teamId\":\"T0ACME\",\"botToken\":\"xoxb-3333\","
                + "\"signingSecret\":\"0123456789abcdef0123\",\"defaultChannel\":\"C1\"}");
    assertThat(claim.status()).isEqualTo(409);
    assertThat(f.secrets.get(SlackNotifier.botToken(globex))).isEmpty();
  }

  @Test
  void admin_mapsASlackUserToAMember() {
    String admin = key(TENANT, Role.ADMIN);

    HttpResponse r =
        call("PUT", "/v1/slack/users/bo@acme.example", admin, "{\"slackUserId\":\"U0EVE\"}");
    HttpResponse unknown =
        call("PUT", "/v1/slack/users/nobody@acme.example", admin, "{\"slackUserId\":\"U0EVE\"}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(f.connections.mappedMember(TENANT, "U0EVE")).contains("bo@acme.example");
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void disconnect_removesTheConnectionAndItsSecrets() {
    HttpResponse r = call("DELETE", "/v1/slack", key(TENANT, Role.ADMIN), null);

    assertThat(r.status()).isEqualTo(204);
    assertThat(f.connections.get(TENANT)).isEmpty();
    assertThat(f.secrets.get(SlackNotifier.botToken(TENANT))).isEmpty();
    assertThat(f.secrets.get(SlackNotifier.signingSecret(TENANT))).isEmpty();
  }
}
