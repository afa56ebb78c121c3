package dev.gennaker.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.api.Caller;
import dev.gennaker.api.Requests;
import dev.gennaker.api.http.HttpFunction;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.api.http.Problem;
import dev.gennaker.api.http.Router;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.slack.SlackConnection;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.ApiKeys;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.TenantId;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Slack's HTTP side.
 *
 * <p>{@code POST /webhooks/slack/interactions} receives button clicks ({@code block_actions}) and
 * the reject modal's submission ({@code view_submission}). Before acting on anything it checks the
 * {@code v0} signature over the raw body with the signing secret of the workspace the payload names
 * (the team id is the one field read before the signature is checked: it says whose secret to use)
 * and refuses timestamps more than 5 minutes away. It answers at once and hands the decision to a
 * {@link SlackWorkQueue} ({@link SlackInteractions} does it); a repeated delivery (Slack's retries
 * with {@code X-Slack-Retry-Num}, or a replay) of the same click or submission is acknowledged and
 * ignored. Decisions go through {@link dev.gennaker.core.runner.DecideApproval}, as from the portal
 * and the API, by the tenant member the Slack user maps to; a refused click gets an ephemeral
 * answer that says why, through the interaction's {@code response_url}.
 *
 * <p>{@code GET|PUT|DELETE /v1/slack} and {@code PUT /v1/slack/users/{userId}} let a tenant's admin
 * connect its workspace and map Slack users to members. Secrets are written to the secret store and
 * never returned. Where the deployment has a Slack app of its own, {@code GET /slack/install} and
 * {@code GET /slack/oauth/callback} connect a workspace with "Add to Slack" ({@link SlackInstall}).
 */
public final class SlackFunction implements HttpFunction {
  private static final Logger LOG = Logger.getLogger(SlackFunction.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DELIVERY_MEMORY = Duration.ofMinutes(30);
  private static final Pattern TEAM = Pattern.compile("[TE][A-Z0-9]{2,30}");
  private static final Pattern SLACK_USER = Pattern.compile("[UW][A-Z0-9]{2,30}");

  private final SlackServices s;
  private final SlackWorkQueue queue;
  private final Optional<SlackApp> app;
  private final Optional<SlackInstall> install;
  private final Router router = new Router();

  /** The function of local mode: interactions' work runs on {@link SlackServices#worker}. */
  public SlackFunction(SlackServices services) {
    this(
        services,
        SlackWorkQueue.inProcess(services.worker(), new SlackInteractions(services)::performOrTell),
        Optional.empty(),
        "");
  }

  /**
   * @param queue where interactions' work goes once Slack's request is verified and de-duplicated
   * @param app the deployment's Slack app, when one is configured: enables "Add to Slack" and signs
   *     the interactions of workspaces installed through it
   * @param portalUrl where the browser goes back to after an install
   */
  public SlackFunction(
      SlackServices services, SlackWorkQueue queue, Optional<SlackApp> app, String portalUrl) {
    this.s = services;
    this.queue = queue;
    this.app = app;
    this.install = app.map(a -> new SlackInstall(services, a, portalUrl));
    router
        .route("POST", "/webhooks/slack/interactions", (r, v) -> interactions(r))
        .route("GET", "/v1/slack", (r, v) -> getConnection(r))
        .route("PUT", "/v1/slack", (r, v) -> putConnection(r))
        .route("DELETE", "/v1/slack", (r, v) -> deleteConnection(r))
        .route("PUT", "/v1/slack/users/{userId}", (r, v) -> mapUser(r, v.get("userId")))
        .route(
            "GET",
            "/slack/install",
            (r, v) -> install.orElseThrow(SlackInstall::notConfigured).install(r))
        .route(
            "GET",
            "/slack/oauth/callback",
            (r, v) -> install.orElseThrow(SlackInstall::notConfigured).callback(r));
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    return router.handle(request);
  }

  /** The routes, for the OpenAPI contract test and the local mode. */
  public Router router() {
    return router;
  }

  // ---- interactions ------------------------------------------------------------------------

  private static Problem refused(String detail) {
    return new Problem(401, "slack-signature", "Slack request refused", detail);
  }

  private HttpResponse interactions(HttpRequest request) {
    String timestamp = request.header("X-Slack-Request-Timestamp").orElse(null);
    String signature = request.header("X-Slack-Signature").orElse(null);
    if (timestamp == null || signature == null) {
      throw refused("the request is not signed: X-Slack-Signature and X-Slack-Request-Timestamp");
    }
    if (!SlackSignature.fresh(timestamp, s.clock().instant())) {
      throw refused(
          "X-Slack-Request-Timestamp is more than 5 minutes from now: refused as a possible replay");
    }
    JsonNode payload = payload(request);
    String team =
        payload.path("team").path("id").asText(payload.path("user").path("team_id").asText(""));
    if (!TEAM.matcher(team).matches()) {
      throw refused("the payload names no Slack workspace (team.id)");
    }
    SlackConnection connection =
        s.connections()
            .findByTeam(team)
            .orElseThrow(() -> refused("this Slack workspace is not connected to Gennaker"));
    TenantId tenant = connection.tenant();
    // A workspace connected with its own app has its signing secret stored; one installed through
    // the deployment's app ("Add to Slack") is signed with that app's.
    SecretValue secret =
        s.secrets()
            .get(SlackNotifier.signingSecret(tenant))
            .or(() -> app.map(SlackApp::signingSecret))
            .orElseThrow(() -> refused("this Slack workspace is not connected to Gennaker"));
    if (!SlackSignature.valid(secret.reveal(), timestamp, request.body(), signature)) {
      throw refused("the request is not signed with this workspace's signing secret");
    }
    String type = payload.path("type").asText("");
    if (type.equals("block_actions")) {
      return blockActions(tenant, payload, signature);
    }
    if (type.equals("view_submission")
        && payload.path("view").path("callback_id").asText().equals(SlackBlocks.REJECT_VIEW)) {
      return rejectSubmitted(tenant, payload, signature);
    }
    return HttpResponse.text(200, "text/plain", "");
  }

  /** The form field {@code payload}, parsed (after the body's size and shape are checked). */
  private static JsonNode payload(HttpRequest request) {
    if (!request.contentType().equals("application/x-www-form-urlencoded")) {
      throw Problem.unsupportedMediaType("Slack sends application/x-www-form-urlencoded");
    }
    if (request.body().length > 256 * 1024) {
      throw Problem.tooLarge("an interaction payload is at most 256 KiB");
    }
    String encoded = null;
    for (String pair : request.bodyText().split("&")) {
      if (pair.startsWith("payload=")) {
        encoded = pair.substring("payload=".length());
      }
    }
    if (encoded == null) {
      throw Problem.badRequest("the form has no payload field");
    }
    try {
      JsonNode node = JSON.readTree(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
      if (node == null || !node.isObject()) {
        throw Problem.badRequest("the payload must be a JSON object");
      }
      return node;
    } catch (IOException | IllegalArgumentException e) {
      throw Problem.badRequest("the payload is not valid JSON");
    }
  }

  /** True the first time this delivery is seen; a retry or replay is acknowledged and ignored. */
  private boolean firstSighting(TenantId tenant, String deliveryId, String signature) {
    String id = deliveryId;
    if (id == null || id.isEmpty() || !safe(id)) {
      id = "sig-" + ApiKeys.sha256Hex(signature).substring(0, 40);
    }
    return s.deliveries().firstSighting(tenant, "slack", id, DELIVERY_MEMORY);
  }

  private static boolean safe(String id) {
    try {
      Ids.require("delivery id", id);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** What a click is about, from the button's value. */
  private record Target(String executionId, String approvalId) {
    static Optional<Target> of(String value) {
      String[] parts = value.split(" ");
      if (parts.length != 2 || !safe(parts[0]) || !safe(parts[1])) {
        return Optional.empty();
      }
      return Optional.of(new Target(parts[0], parts[1]));
    }
  }

  private HttpResponse blockActions(TenantId tenant, JsonNode payload, String signature) {
    JsonNode action = payload.path("actions").path(0);
    String actionId = action.path("action_id").asText();
    boolean approve = actionId.equals(SlackBlocks.APPROVE);
    if (!approve && !actionId.equals(SlackBlocks.REJECT)) {
      return HttpResponse.text(200, "text/plain", "");
    }
    Optional<Target> target = Target.of(action.path("value").asText(""));
    if (target.isEmpty()) {
      throw Problem.badRequest("the button's value names no approval");
    }
    String slackUser = payload.path("user").path("id").asText("");
    String channel =
        payload
            .path("channel")
            .path("id")
            .asText(payload.path("container").path("channel_id").asText(""));
    // One click is one (user, action_ts); a retry or replay of it carries the same pair.
    String actionTs = action.path("action_ts").asText("");
    if (!firstSighting(
        tenant, actionTs.isEmpty() ? null : "click-" + slackUser + "-" + actionTs, signature)) {
      return HttpResponse.text(200, "text/plain", "");
    }
    hand(
        new SlackWork(
            approve ? SlackWork.Kind.APPROVE : SlackWork.Kind.ASK_REASON,
            tenant,
            target.get().executionId(),
            target.get().approvalId(),
            slackUser,
            channel,
            payload.path("response_url").asText(""),
            payload.path("trigger_id").asText(""),
            ""));
    return HttpResponse.text(200, "text/plain", "");
  }

  private HttpResponse rejectSubmitted(TenantId tenant, JsonNode payload, String signature) {
    JsonNode view = payload.path("view");
    String reason =
        view.path("state")
            .path("values")
            .path(SlackBlocks.REASON)
            .path(SlackBlocks.REASON)
            .path("value")
            .asText("")
            .trim();
    if (reason.isEmpty()) {
      ObjectNode answer = JSON.createObjectNode();
      answer.put("response_action", "errors");
      answer
          .putObject("errors")
          .put(SlackBlocks.REASON, "Say why you reject: it is kept with the decision.");
      return HttpResponse.json(200, answer.toString());
    }
    JsonNode meta;
    try {
      meta = JSON.readTree(view.path("private_metadata").asText("{}"));
    } catch (IOException e) {
      throw Problem.badRequest("the view's private_metadata is not ours");
    }
    Optional<Target> target =
        Target.of(meta.path("executionId").asText("") + " " + meta.path("approvalId").asText(""));
    if (target.isEmpty()) {
      throw Problem.badRequest("the view's private_metadata names no approval");
    }
    String viewId = view.path("id").asText("");
    if (!firstSighting(tenant, viewId.isEmpty() ? null : "view-" + viewId, signature)) {
      return HttpResponse.text(200, "text/plain", "");
    }
    hand(
        new SlackWork(
            SlackWork.Kind.REJECT,
            tenant,
            target.get().executionId(),
            target.get().approvalId(),
            payload.path("user").path("id").asText(""),
            meta.path("channel").asText(""),
            meta.path("responseUrl").asText(""),
            "",
            reason));
    // An empty 200 closes the modal.
    return HttpResponse.text(200, "text/plain", "");
  }

  /**
   * Hands the work over; when that fails the delivery is already marked as seen (Slack's retry
   * would be ignored), so the clicker is told to try again.
   */
  private void hand(SlackWork work) {
    try {
      queue.submit(work);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Slack work of tenant " + work.tenant() + " not queued: " + e.getMessage());
      SlackInteractions.tell(s, work.responseUrl(), SlackInteractions.TRY_AGAIN);
    }
  }

  /** Appends to the tenant's audit log (failures are logged, not thrown). */
  private void audit(
      TenantId tenant,
      String actor,
      String action,
      String objectType,
      String objectId,
      Map<String, String> details) {
    SlackInteractions.audit(s, tenant, actor, action, objectType, objectId, details);
  }

  // ---- tenant routes -----------------------------------------------------------------------

  private HttpResponse getConnection(HttpRequest request) {
    Caller caller = s.requests().caller(request, Role.ADMIN);
    SlackConnection c =
        s.connections()
            .get(caller.tenant())
            .orElseThrow(() -> Problem.notFound("the Slack connection"));
    return HttpResponse.json(200, describe(c).toString());
  }

  private ObjectNode describe(SlackConnection c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("teamId", c.teamId());
    n.put("defaultChannel", c.defaultChannel());
    n.put("connectedAt", c.connectedAt().toString());
    n.put(
        "botToken",
        s.secrets().get(SlackNotifier.botToken(c.tenant())).isPresent() ? "stored" : "missing");
    // "app": installed through the deployment's Slack app, whose signing secret verifies it.
    n.put(
        "signingSecret",
        s.secrets().get(SlackNotifier.signingSecret(c.tenant())).isPresent()
            ? "stored"
            : app.isPresent() ? "app" : "missing");
    return n;
  }

  private HttpResponse putConnection(HttpRequest request) {
    Caller caller = s.requests().caller(request, Role.ADMIN);
    JsonNode body = Requests.jsonObject(request);
    Map<String, String> errors = new LinkedHashMap<>();
    String teamId = text(body, "teamId");
    String botToken = text(body, "botToken");
    String signingSecret = text(body, "signingSecret");
    String channel = text(body, "defaultChannel");
    if (!TEAM.matcher(teamId).matches()) {
      errors.put("/teamId", "the workspace id, like T0123ABCD");
    }
    if (!botToken.startsWith("xoxb-")) {
      errors.put("/botToken", "a bot token, starting with xoxb-");
    }
    if (signingSecret.length() < 16) {
      errors.put(
          "/signingSecret", "the app's signing secret (Basic Information in the app's settings)");
    }
    if (channel.isBlank()) {
      errors.put("/defaultChannel", "a channel id (C…) or name (#deploys)");
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid(
          "the Slack connection is incomplete",
          errors.entrySet().stream()
              .map(e -> Map.<String, Object>of("path", e.getKey(), "message", e.getValue()))
              .toList());
    }
    SlackConnection c = new SlackConnection(caller.tenant(), teamId, channel, s.clock().instant());
    try {
      s.connections().put(c);
    } catch (ConflictException e) {
      throw Problem.conflict(e.getMessage());
    }
    s.secrets().put(SlackNotifier.botToken(caller.tenant()), SecretValue.of(botToken));
    s.secrets().put(SlackNotifier.signingSecret(caller.tenant()), SecretValue.of(signingSecret));
    audit(
        caller.tenant(),
        caller.userId(),
        "slack.connected",
        "slack",
        teamId,
        Map.of("defaultChannel", channel, "sourceIp", String.valueOf(request.sourceIp())));
    return HttpResponse.json(200, describe(c).toString());
  }

  private HttpResponse deleteConnection(HttpRequest request) {
    Caller caller = s.requests().caller(request, Role.ADMIN);
    s.connections().delete(caller.tenant());
    s.secrets().delete(SlackNotifier.botToken(caller.tenant()));
    s.secrets().delete(SlackNotifier.signingSecret(caller.tenant()));
    audit(
        caller.tenant(),
        caller.userId(),
        "slack.disconnected",
        "slack",
        "connection",
        Map.of("sourceIp", String.valueOf(request.sourceIp())));
    return new HttpResponse(204, Map.of(), new byte[0]);
  }

  private HttpResponse mapUser(HttpRequest request, String userId) {
    Caller caller = s.requests().caller(request, Role.ADMIN);
    JsonNode body = Requests.jsonObject(request);
    String slackUserId = text(body, "slackUserId");
    if (!SLACK_USER.matcher(slackUserId).matches()) {
      throw Problem.invalid(
          "slackUserId must be a Slack user id",
          java.util.List.of(Map.of("path", "/slackUserId", "message", "a user id like U0123ABCD")));
    }
    if (s.tenants().getMember(caller.tenant(), userId).isEmpty()) {
      throw Problem.notFound("member " + userId);
    }
    s.connections().mapUser(caller.tenant(), slackUserId, userId);
    audit(
        caller.tenant(),
        caller.userId(),
        "slack.user-mapped",
        "member",
        userId,
        Map.of("slackUserId", slackUserId));
    ObjectNode n = JSON.createObjectNode();
    n.put("userId", userId);
    n.put("slackUserId", slackUserId);
    return HttpResponse.json(200, n.toString());
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    return n == null || !n.isTextual() ? "" : n.asText().trim();
  }
}
