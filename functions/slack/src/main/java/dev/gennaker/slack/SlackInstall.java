package dev.gennaker.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.api.Caller;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.api.http.Problem;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.slack.SlackConnection;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.TenantId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * "Add to Slack" through the deployment's own Slack app (OAuth v2).
 *
 * <p>{@code GET /slack/install} (a tenant admin) answers {@code 302} to Slack's {@code
 * /oauth/v2/authorize} with the app's client id, the bot scopes and a {@code state} that carries
 * the tenant (and the default channel asked for), signed with a key derived from the app's client
 * secret and valid for {@link #STATE_LIFETIME}. {@code GET /slack/oauth/callback?code&state}
 * verifies the state, exchanges the code ({@code oauth.v2.access}), stores the bot token in the
 * secret store and the connection (workspace id) for that tenant, and sends the browser back to the
 * portal. The tenant's own signing secret, if it had connected an app of its own before, is
 * removed: its interactions are now signed with the deployment app's.
 */
final class SlackInstall {
  private static final Logger LOG = Logger.getLogger(SlackInstall.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
  static final String DEFAULT_CHANNEL = "#deploys";

  private final SlackServices s;
  private final SlackApp app;
  private final String portal;
  private final byte[] stateKey;
  private final SecureRandom random = new SecureRandom();

  SlackInstall(SlackServices services, SlackApp app, String portalUrl) {
    this.s = services;
    this.app = app;
    this.portal =
        portalUrl.endsWith("/") ? portalUrl.substring(0, portalUrl.length() - 1) : portalUrl;
    this.stateKey =
        hmac(
            app.clientSecret().reveal().getBytes(StandardCharsets.UTF_8),
            "gennaker-slack-oauth-state");
  }

  static Problem notConfigured() {
    return new Problem(
        404,
        "slack-app-not-configured",
        "Slack app not configured",
        "this deployment has no Slack app of its own; connect your workspace with PUT /v1/slack"
            + " and your app's bot token and signing secret");
  }

  HttpResponse install(HttpRequest request) {
    Caller caller = s.requests().caller(request, Role.ADMIN);
    String channel =
        request
            .queryParam("channel")
            .map(String::trim)
            .filter(c -> !c.isEmpty())
            .orElseGet(
                () ->
                    s.connections()
                        .get(caller.tenant())
                        .map(SlackConnection::defaultChannel)
                        .orElse(DEFAULT_CHANNEL));
    if (channel.length() > 80 || channel.contains("|")) {
      throw Problem.invalid(
          "channel must be a channel id (C…) or name (#deploys)",
          java.util.List.of(Map.of("path", "channel", "message", "a channel id or #name")));
    }
    String state =
        state(caller.tenant(), caller.userId(), channel, s.clock().instant().plus(STATE_LIFETIME));
    String url =
        s.api().webBaseUrl()
            + "oauth/v2/authorize?client_id="
            + enc(app.clientId())
            + "&scope="
            + enc(String.join(",", app.scopes()))
            + "&state="
            + enc(state);
    ObjectNode body = JSON.createObjectNode();
    body.put("authorizeUrl", url);
    body.put("expiresAt", s.clock().instant().plus(STATE_LIFETIME).toString());
    return new HttpResponse(
        302,
        Map.of("Location", url, "Content-Type", "application/json", "Cache-Control", "no-store"),
        body.toString().getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse callback(HttpRequest request) {
    String stateText = request.queryParam("state").orElse("");
    State state =
        verify(stateText)
            .orElseThrow(
                () ->
                    new Problem(
                        400,
                        "slack-oauth-state",
                        "Slack install refused",
                        "the install link is not ours, was altered or has expired; start again"
                            + " from Add to Slack"));
    Optional<String> denied = request.queryParam("error");
    if (denied.isPresent()) {
      return redirect("error=" + enc(denied.get()));
    }
    String code = request.queryParam("code").orElse("").trim();
    if (code.isEmpty()) {
      throw Problem.badRequest("Slack sent no code");
    }
    SlackApi.Installation installation;
    try {
      installation = s.api().oauthAccess(app.clientId(), app.clientSecret().reveal(), code);
    } catch (SlackApi.SlackDeliveryException e) {
      LOG.log(
          Level.WARNING,
          "Slack install of tenant " + state.tenant() + " failed: " + e.getMessage());
      throw new Problem(
          502,
          "slack-oauth",
          "Slack did not complete the install",
          "Slack answered " + e.error() + "; start again from Add to Slack");
    }
    SlackConnection connection =
        new SlackConnection(
            state.tenant(), installation.teamId(), state.channel(), s.clock().instant());
    try {
      s.connections().put(connection);
    } catch (ConflictException e) {
      throw Problem.conflict(e.getMessage());
    }
    s.secrets()
        .put(SlackNotifier.botToken(state.tenant()), SecretValue.of(installation.botToken()));
    s.secrets().delete(SlackNotifier.signingSecret(state.tenant()));
    SlackInteractions.audit(
        s,
        state.tenant(),
        state.userId(),
        "slack.installed",
        "slack",
        installation.teamId(),
        Map.of(
            "defaultChannel",
            state.channel(),
            "teamName",
            String.valueOf(installation.teamName()),
            "sourceIp",
            String.valueOf(request.sourceIp())));
    return redirect("connected=" + enc(installation.teamId()));
  }

  private HttpResponse redirect(String query) {
    return new HttpResponse(
        302,
        Map.of("Location", portal + "/settings/slack?" + query, "Cache-Control", "no-store"),
        new byte[0]);
  }

  /** What a state carries. */
  record State(TenantId tenant, String userId, String channel, Instant expiresAt) {}

  String state(TenantId tenant, String channel, Instant expiresAt) {
    return state(tenant, "", channel, expiresAt);
  }

  String state(TenantId tenant, String userId, String channel, Instant expiresAt) {
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    String payload =
        String.join(
            "|",
            tenant.value(),
            Long.toString(expiresAt.getEpochSecond()),
            Base64.getUrlEncoder().withoutPadding().encodeToString(nonce),
            b64(userId),
            b64(channel));
    String encoded = b64(payload);
    return encoded
        + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(stateKey, encoded));
  }

  /** The state's content when it is ours, unaltered and not expired. */
  Optional<State> verify(String state) {
    int dot = state.indexOf('.');
    if (dot <= 0 || state.length() > 2000) {
      return Optional.empty();
    }
    String encoded = state.substring(0, dot);
    byte[] presented;
    try {
      presented = Base64.getUrlDecoder().decode(state.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(presented, hmac(stateKey, encoded))) {
      return Optional.empty();
    }
    try {
      String[] parts = unb64(encoded).split("\\|", -1);
      if (parts.length != 5) {
        return Optional.empty();
      }
      Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[1]));
      if (!s.clock().instant().isBefore(expires)) {
        return Optional.empty();
      }
      return Optional.of(
          new State(TenantId.of(parts[0]), unb64(parts[3]), unb64(parts[4]), expires));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String b64(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String unb64(String text) {
    return new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static byte[] hmac(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
