package dev.gennaker.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.api.http.Problem;
import dev.gennaker.core.agent.AgentCommand;
import dev.gennaker.core.agent.CommandDeliveries;
import dev.gennaker.core.agent.ReceivedCommand;
import dev.gennaker.core.blob.BlobRef;
import dev.gennaker.core.cluster.Agent;
import dev.gennaker.core.cluster.AgentCredentials;
import dev.gennaker.core.cluster.DriftListener;
import dev.gennaker.core.cluster.RegistrationTokens;
import dev.gennaker.core.runner.CompleteStage;
import dev.gennaker.core.runner.ReportStageProgress;
import dev.gennaker.core.runner.StageOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The routes agents call (docs/agent-protocol.md): register with a one-time token, long-poll
 * commands, post results and heartbeats, fetch baked manifests. Only agent credentials work here,
 * and API keys never do. A result completes its stage once and acknowledges the queue message.
 *
 * <p>The receipts of handed-out commands are kept in the {@link
 * dev.gennaker.core.agent.CommandDeliveries} store, so that a result arriving at any instance of
 * the API completes its stage and deletes the message.
 */
final class AgentRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS =
      Set.of("kind", "name", "labelSelector", "patchType", "manifests");

  private final ApiServices s;
  private final Audit audit;

  AgentRoutes(ApiServices services) {
    this.s = services;
    this.audit = new Audit(services);
  }

  private Agent agent(HttpRequest request) {
    String header = request.header("Authorization").orElse("");
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw Problem.unauthorized("send the agent credential: Authorization: Bearer <credential>");
    }
    return AgentCredentials.verify(s.clusters(), header.substring(7).trim())
        .orElseThrow(() -> Problem.unauthorized("the agent credential is unknown or revoked"));
  }

  HttpResponse register(HttpRequest request, Map<String, String> vars) {
    JsonNode body = json(request);
    String token = body.path("registrationToken").asText("");
    RegistrationTokens.Redemption r = s.registrationTokens().redeem(token);
    switch (r.outcome()) {
      case ALREADY_USED ->
          throw Problem.conflict(
              "this registration token was already used; create a new one for the cluster");
      case UNKNOWN_OR_EXPIRED ->
          throw Problem.unauthorized("the registration token is unknown or expired");
      default -> {}
    }
    var registration = r.registration().orElseThrow();
    String agentId = "agent-" + UUID.randomUUID().toString().substring(0, 12);
    AgentCredentials.Issued credential = AgentCredentials.issue(registration.tenant(), agentId);
    Set<String> namespaces = new java.util.LinkedHashSet<>();
    body.path("namespaces").forEach(n -> namespaces.add(n.asText()));
    s.clusters()
        .createAgent(
            new Agent(
                registration.tenant(),
                agentId,
                registration.clusterId(),
                namespaces,
                credential.sha256(),
                Optional.of(s.clock().instant()),
                Optional.ofNullable(body.path("agentVersion").asText(null)),
                s.clock().instant(),
                0));
    s.runner().agents().open(registration.tenant(), agentId);
    audit.record(
        registration.tenant(),
        "agent:" + agentId,
        request,
        "agent.registered",
        "cluster",
        registration.clusterId(),
        Map.of("agentVersion", body.path("agentVersion").asText("")));
    ObjectNode out = JSON.createObjectNode();
    out.put("agentId", agentId);
    out.put("credential", credential.credential());
    return HttpResponse.json(200, out.toString());
  }

  HttpResponse commands(HttpRequest request, Map<String, String> vars) {
    Agent agent = agent(request);
    int wait;
    try {
      wait =
          Math.max(
              0, Math.min(20, request.queryParam("waitSeconds").map(Integer::parseInt).orElse(20)));
    } catch (NumberFormatException e) {
      throw Problem.badRequest("\"waitSeconds\" must be a number of seconds (0-20)");
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode commands = out.putArray("commands");
    for (ReceivedCommand received :
        s.runner()
            .agents()
            .receive(agent.tenant(), agent.agentId(), 10, Duration.ofSeconds(wait))) {
      AgentCommand c = received.command();
      s.deliveries()
          .put(
              agent.tenant(),
              agent.agentId(),
              c.commandId(),
              new CommandDeliveries.Delivery(received.receipt(), c.type(), c.parameters()));
      commands.add(toAgentJson(c));
    }
    return HttpResponse.json(200, out.toString());
  }

  /** A command in the agent protocol's shape. */
  static ObjectNode toAgentJson(AgentCommand c) {
    ObjectNode j = JSON.createObjectNode();
    j.put("id", c.commandId());
    j.put("type", c.type());
    j.put("namespace", c.namespace());
    c.manifests().ifPresent(ref -> j.put("manifestsRef", ref.key()));
    Map<String, String> p = c.parameters();
    ObjectNode tracking = j.putObject("tracking");
    p.forEach(
        (k, v) -> {
          if (k.startsWith("tracking.")) {
            tracking.put(k.substring("tracking.".length()), v);
          }
        });
    for (String field : FIELDS) {
      if (p.containsKey(field) && !(field.equals("manifests") && c.manifests().isPresent())) {
        j.put(field, p.get(field));
      }
    }
    if (c.type().equals("abort")) {
      // The agent protocol names the command to stop in "name".
      j.put("name", p.get("commandId"));
    }
    if (p.containsKey("force")) {
      j.put("force", Boolean.parseBoolean(p.get("force")));
    }
    if (p.containsKey("replicas")) {
      j.put("replicas", Integer.parseInt(p.get("replicas")));
    }
    try {
      if (p.containsKey("strategy")) {
        j.set("strategy", JSON.readTree(p.get("strategy")));
      }
      if (p.containsKey("patch")) {
        j.set("patch", JSON.readTree(p.get("patch")));
      }
    } catch (IOException e) {
      throw new IllegalStateException("a command holds malformed JSON: " + c.commandId(), e);
    }
    return j;
  }

  HttpResponse result(HttpRequest request, Map<String, String> vars) {
    Agent agent = agent(request);
    JsonNode body = json(request);
    String commandId = vars.get("commandId");
    Optional<CommandDeliveries.Delivery> delivery =
        s.deliveries().get(agent.tenant(), agent.agentId(), commandId);
    if (delivery.isEmpty()) {
      // Already acknowledged (a re-sent result): the first result stands.
      return HttpResponse.json(200, "{\"acknowledged\":true}");
    }
    CommandDeliveries.Delivery out = delivery.get();
    Map<String, String> p = out.parameters();
    String status = body.path("status").asText("");
    String message = body.path("message").asText("");
    StageOutcome outcome;
    if (status.equals("succeeded")) {
      Map<String, String> outputs = new LinkedHashMap<>();
      body.path("outputs")
          .fields()
          .forEachRemaining(e -> outputs.put(e.getKey(), e.getValue().asText()));
      if (body.has("objects")) {
        outputs.put("objects", body.get("objects").toString());
      }
      outcome = new StageOutcome.Succeeded(outputs);
    } else {
      StringBuilder reason =
          new StringBuilder(message.isBlank() ? "the agent reported " + status : message);
      body.path("events").forEach(ev -> reason.append("; ").append(ev.asText()));
      outcome =
          new StageOutcome.Failed(
              reason.length() > 2000 ? reason.substring(0, 2000) + "…" : reason.toString());
    }
    CompleteStage complete = new CompleteStage(s.runner());
    int attempt = Integer.parseInt(p.getOrDefault("attempt", "1"));
    if ("rollback".equals(p.get("action"))) {
      complete.completeRollback(
          agent.tenant(), p.get("executionId"), p.get("stageId"), attempt, outcome);
    } else if (!"abort".equals(out.type())) {
      complete.complete(agent.tenant(), p.get("executionId"), p.get("stageId"), attempt, outcome);
    }
    s.runner().agents().ack(agent.tenant(), agent.agentId(), out.receipt());
    s.deliveries().remove(agent.tenant(), agent.agentId(), commandId);
    return HttpResponse.json(200, "{\"acknowledged\":true}");
  }

  /** How long a command reported as running stays hidden from another delivery. */
  static final Duration REDELIVER_AFTER_SILENCE = Duration.ofSeconds(60);

  HttpResponse heartbeat(HttpRequest request, Map<String, String> vars) {
    Agent agent = agent(request);
    JsonNode body = json(request);
    s.clusters()
        .recordHeartbeat(
            agent.tenant(),
            agent.agentId(),
            s.clock().instant(),
            body.path("agentVersion").asText("unknown"));
    ReportStageProgress progress = new ReportStageProgress(s.runner());
    for (JsonNode running : body.path("running")) {
      Optional<CommandDeliveries.Delivery> delivery =
          s.deliveries().get(agent.tenant(), agent.agentId(), running.path("commandId").asText(""));
      if (delivery.isPresent()) {
        CommandDeliveries.Delivery out = delivery.get();
        Map<String, String> p = out.parameters();
        progress.report(
            agent.tenant(),
            p.get("executionId"),
            p.get("stageId"),
            Integer.parseInt(p.getOrDefault("attempt", "1")),
            running.path("message").asText(""));
        // Still working on it: keep the message hidden from a second delivery, for less than
        // the runner's agent heartbeat (2 minutes): if the agent dies now, the command comes back
        // to its successor before the runner gives the stage up. A working agent reports every
        // few seconds, so the extension never runs out while it works.
        s.runner()
            .agents()
            .extendVisibility(
                agent.tenant(), agent.agentId(), out.receipt(), REDELIVER_AFTER_SILENCE);
      }
    }
    return new HttpResponse(204, Map.of(), null);
  }

  /**
   * Drift and other events: drift lands in the audit log, with who changed what, and is told to the
   * drift listener (Slack).
   */
  HttpResponse events(HttpRequest request, Map<String, String> vars) {
    Agent agent = agent(request);
    JsonNode body = json(request);
    for (JsonNode ev : body.path("events")) {
      String object =
          ev.path("kind").asText("?")
              + "/"
              + ev.path("namespace").asText("")
              + "/"
              + ev.path("name").asText("?");
      List<String> managers = new java.util.ArrayList<>();
      ev.path("managers").forEach(m -> managers.add(m.asText()));
      Map<String, String> details = new LinkedHashMap<>();
      details.put("cluster", agent.clusterId());
      details.put("message", ev.path("message").asText(""));
      List<String> fields = new java.util.ArrayList<>();
      ev.path("fields").forEach(f -> fields.add(f.asText()));
      details.put("fields", String.join(",", fields));
      details.put("observedAt", ev.path("time").asText(""));
      audit.record(
          agent.tenant(),
          managers.isEmpty() ? "unknown (outside Gennaker)" : String.join(",", managers),
          request,
          "cluster." + ev.path("type").asText("event"),
          "object",
          object,
          details);
      if (ev.path("type").asText("").equals("drift")) {
        tellDrift(agent, ev, fields, managers);
      }
    }
    return new HttpResponse(204, Map.of(), null);
  }

  private void tellDrift(Agent agent, JsonNode ev, List<String> fields, List<String> managers) {
    try {
      s.drift()
          .driftDetected(
              new DriftListener.Drift(
                  agent.tenant(),
                  agent.clusterId(),
                  ev.path("kind").asText(""),
                  ev.path("namespace").asText(""),
                  ev.path("name").asText(""),
                  fields,
                  managers,
                  ev.path("message").asText(""),
                  ev.path("time").asText("")));
    } catch (RuntimeException e) {
      // A listener must not throw; the drift is in the audit log either way.
      System.getLogger(AgentRoutes.class.getName())
          .log(System.Logger.Level.WARNING, "a drift listener failed: " + e);
    }
  }

  /** The agent's full list of managed objects, kept as the cluster's latest inventory. */
  HttpResponse inventory(HttpRequest request, Map<String, String> vars) {
    Agent agent = agent(request);
    JsonNode body = json(request);
    s.blobs()
        .put(
            new BlobRef(agent.tenant(), "agents/" + agent.agentId() + "/inventory.json"),
            new dev.gennaker.core.blob.Blob(
                body.toString().getBytes(StandardCharsets.UTF_8), "application/json"));
    return new HttpResponse(204, Map.of(), null);
  }

  HttpResponse blob(HttpRequest request, Map<String, String> vars) {
    Agent agent = agent(request);
    BlobRef ref;
    try {
      ref = new BlobRef(agent.tenant(), vars.get("ref"));
    } catch (IllegalArgumentException e) {
      throw Problem.notFound("blob " + vars.get("ref"));
    }
    var blob = s.blobs().get(ref).orElseThrow(() -> Problem.notFound("blob " + vars.get("ref")));
    return HttpResponse.text(
        200, blob.contentType(), new String(blob.content(), StandardCharsets.UTF_8));
  }

  private static JsonNode json(HttpRequest request) {
    return Requests.parse(request);
  }
}
