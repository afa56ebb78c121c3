package dev.gennaker.slack;

import static dev.gennaker.slack.SlackFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.Tenant;
import dev.gennaker.core.tenant.TenantId;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "Add to Slack" through the deployment's app: the redirect, the signed state, the callback. */
class SlackInstallTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TenantId GLOBEX = TenantId.of("globex");
  private static final String CLIENT_ID = "1234567890.9876543210";
  private static final String CLIENT_SECRET = "c1i3nt5ecr3t0123456789abcdef";
  private static final String APP_SIGNING_SECRET = "a99s1gn1ngs3cr3t0123456789abcd";

  private final SlackFixture f = new SlackFixture();
  private SlackFunction function;

  @BeforeEach
  void setUp() {
    f.tenants.createTenant(new Tenant(GLOBEX, "Globex", SlackFixture.T0));
    f.slack.oauthApp(CLIENT_ID, CLIENT_SECRET);
    function =
        new SlackFunction(
            f.services,
            SlackWorkQueue.inProcess(
                Runnable::run, new SlackInteractions(f.services)::performOrTell),
            Optional.of(
                new SlackApp(
                    CLIENT_ID, SecretValue.of(CLIENT_SECRET), SecretValue.of(APP_SIGNING_SECRET))),
            "https://app.gennaker.dev");
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private HttpResponse get(SlackFunction fn, String path, Map<String, String> query, String key) {
    Map<String, String> headers = new HashMap<>();
    if (key != null) {
      headers.put("Authorization", "Bearer " + key);
    }
    Map<String, List<String>> q = new LinkedHashMap<>();
    query.forEach((k, v) -> q.put(k, List.of(v)));
    return fn.handle(new HttpRequest("GET", path, q, headers, new byte[0], "198.51.100.7"));
  }

  private static Map<String, String> queryOf(String url) {
    Map<String, String> q = new LinkedHashMap<>();
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      q.put(
          pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  /** The state Slack hands back, from an install by globex's admin. */
  private String installState(String channel) {
    String admin = f.keys.issue(GLOBEX, "admin@globex.example", Role.ADMIN).key();
    HttpResponse r =
        get(
            function,
            "/slack/install",
            channel == null ? Map.of() : Map.of("channel", channel),
            admin);
    assertThat(r.status()).as(r.bodyText()).isEqualTo(302);
    return queryOf(r.headers().get("Location")).get("state");
  }

  @Test
  void install_redirectsToSlack_andTheCallbackStoresTokenAndConnection_thenGoesToThePortal()
      throws Exception {
    String admin = f.keys.issue(GLOBEX, "admin@globex.example", Role.ADMIN).key();
    HttpResponse install = get(function, "/slack/install", Map.of("channel", "#releases"), admin);

    assertThat(install.status()).isEqualTo(302);
    String location = install.headers().get("Location");
    assertThat(location)
        .startsWith(f.slack.baseUrl().replace("/api/", "/") + "oauth/v2/authorize?");
    Map<String, String> q = queryOf(location);
    assertThat(q.get("client_id")).isEqualTo(CLIENT_ID);
    assertThat(q.get("scope"))
        .isEqualTo("chat:write,chat:write.public,users:read,users:read.email");
    assertThat(JSON.readTree(install.bodyText()).get("authorizeUrl").asText()).isEqualTo(location);
    assertThat(q.get("state")).doesNotContain(CLIENT_SECRET);

    f.slack.oauthCode("4724469134.4644010092847.ad7e2", "T0GLOBEX", "Globex Corporation");
    HttpResponse back =
        get(
            function,
            "/slack/oauth/callback",
            Map.of("code", "4724469134.4644010092847.ad7e2", "state", q.get("state")),
            null);

    assertThat(back.status()).as(back.bodyText()).isEqualTo(302);
    assertThat(back.headers().get("Location"))
        .isEqualTo("https://app.gennaker.dev/settings/slack?connected=T0GLOBEX");
    var connection = f.connections.get(GLOBEX).orElseThrow();
    assertThat(connection.teamId()).isEqualTo("T0GLOBEX");
    assertThat(connection.defaultChannel()).isEqualTo("#releases");
    assertThat(f.secrets.get(SlackNotifier.botToken(GLOBEX)).map(SecretValue::reveal))
        .contains(SlackFixture.TOKEN);
    assertThat(f.secrets.get(SlackNotifier.signingSecret(GLOBEX))).isEmpty();
    var exchange = f.slack.calls("oauth.v2.access").get(0);
    assertThat(exchange.param("code")).isEqualTo("4724469134.4644010092847.ad7e2");
    String credentials =
        exchange.authorization() != null && exchange.authorization().startsWith("Basic ")
            ? new String(
                Base64.getDecoder().decode(exchange.authorization().substring(6)),
                StandardCharsets.UTF_8)
            : exchange.param("client_id") + ":" + exchange.param("client_secret");
    assertThat(credentials).isEqualTo(CLIENT_ID + ":" + CLIENT_SECRET);
    assertThat(f.audit.list(GLOBEX, PageRequest.first(10)).items())
        .anySatisfy(
            e -> {
              assertThat(e.action()).isEqualTo("slack.installed");
              assertThat(e.actor()).isEqualTo("admin@globex.example");
              assertThat(e.details().toString()).doesNotContain(SlackFixture.TOKEN);
            });

    String key = f.keys.issue(GLOBEX, "admin2@globex.example", Role.ADMIN).key();
    HttpResponse shown = get(function, "/v1/slack", Map.of(), key);
    assertThat(JSON.readTree(shown.bodyText()).get("signingSecret").asText()).isEqualTo("app");
    assertThat(JSON.readTree(shown.bodyText()).get("botToken").asText()).isEqualTo("stored");

    // Its interactions are signed with the deployment app's secret, and accepted.
    String click =
        f.click("U0ANA", SlackBlocks.APPROVE, "ex-none", "1795318812.000900")
            .replace(SlackFixture.TEAM, "T0GLOBEX");
    HttpResponse signed =
        function.handle(
            SlackFixture.signed(click, APP_SIGNING_SECRET, f.clock.instant(), Map.of()));
    assertThat(signed.status()).isEqualTo(200);
  }

  @Test
  void onlyAnAdmin_mayInstall() {
    String deployer = f.keys.issue(GLOBEX, "dev@globex.example", Role.DEPLOYER).key();
    assertThat(get(function, "/slack/install", Map.of(), deployer).status()).isEqualTo(403);
    assertThat(get(function, "/slack/install", Map.of(), null).status()).isEqualTo(401);
  }

  @Test
  void withoutAnApp_theRoutesAnswer404_slackAppNotConfigured() {
    String admin = f.keys.issue(TENANT, "admin@acme.example", Role.ADMIN).key();
    for (String path : List.of("/slack/install", "/slack/oauth/callback")) {
      HttpResponse r = get(f.function, path, Map.of("code", "x", "state", "y"), admin);
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.headers()).containsEntry("Content-Type", "application/problem+json");
      assertThat(r.bodyText()).contains("\"title\":\"Slack app not configured\"");
    }
  }

  @Test
  void aForgedAlteredOrExpiredState_isRefused_andNothingIsStored() {
    f.slack.oauthCode("code-1", "T0GLOBEX", "Globex Corporation");
    String state = installState(null);
    String payload = state.substring(0, state.indexOf('.'));
    String mac = state.substring(state.indexOf('.') + 1);
    String decoded = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
    // The same content naming another tenant, with the original signature.
    String otherTenant =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    decoded.replaceFirst("^globex", "acme").getBytes(StandardCharsets.UTF_8))
            + "."
            + mac;
    // Signed with another key (a deployment with another client secret).
    String forged =
        new SlackInstall(
                f.services,
                new SlackApp(
                    CLIENT_ID, SecretValue.of("another-client-secret-000"), SecretValue.of("x")),
                "https://app.gennaker.dev")
            .state(GLOBEX, "eve", "#deploys", f.clock.instant().plus(Duration.ofMinutes(5)));

    for (String bad : List.of(otherTenant, forged, "garbage", "", payload + ".!!!")) {
      HttpResponse r =
          get(function, "/slack/oauth/callback", Map.of("code", "code-1", "state", bad), null);
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.bodyText()).contains("was altered or has expired");
    }
    f.clock.advance(SlackInstall.STATE_LIFETIME.plusSeconds(1));
    HttpResponse expired =
        get(function, "/slack/oauth/callback", Map.of("code", "code-1", "state", state), null);
    assertThat(expired.status()).isEqualTo(400);

    assertThat(f.slack.calls("oauth.v2.access")).isEmpty();
    assertThat(f.connections.get(GLOBEX)).isEmpty();
    assertThat(f.secrets.get(SlackNotifier.botToken(GLOBEX))).isEmpty();
  }

  @Test
  void slacksErrorAnswer_isAProblem_andNothingIsStored() {
    String state = installState("#releases");

    HttpResponse r =
        get(
            function,
            "/slack/oauth/callback",
            Map.of("code", "a-code-slack-never-issued", "state", state),
            null);

    assertThat(r.status()).isEqualTo(502);
    assertThat(r.headers()).containsEntry("Content-Type", "application/problem+json");
    assertThat(r.bodyText()).contains("Slack answered invalid_code").doesNotContain(CLIENT_SECRET);
    assertThat(f.connections.get(GLOBEX)).isEmpty();
    assertThat(f.secrets.get(SlackNotifier.botToken(GLOBEX))).isEmpty();
  }

  @Test
  void aDeniedInstall_goesBackToThePortal_sayingSo() {
    String state = installState(null);

    HttpResponse r =
        get(
            function,
            "/slack/oauth/callback",
            Map.of("error", "access_denied", "state", state),
            null);

    assertThat(r.status()).isEqualTo(302);
    assertThat(r.headers().get("Location"))
        .isEqualTo("https://app.gennaker.dev/settings/slack?error=access_denied");
    assertThat(f.connections.get(GLOBEX)).isEmpty();
  }
}
