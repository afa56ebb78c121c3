package dev.gennaker.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.api.http.Problem;
import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.execution.TimelineEvent;
import dev.gennaker.core.pipeline.ApplyPipeline;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.pipeline.ValidationResult;
import dev.gennaker.core.runner.CancelExecution;
import dev.gennaker.core.runner.DecideApproval;
import dev.gennaker.core.runner.StartExecution;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.InvalidPageTokenException;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PipelineVersion;
import dev.gennaker.core.tenant.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tenant-scoped resources of the API. Every handler authenticates first and takes the tenant
 * from the key; another tenant's objects are answered 404, never 403, so existence does not leak.
 */
final class Resources {
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
  private static final int PAGE = 50;

  private final ApiServices s;
  private final Audit audit;

  private final Requests requests;

  Resources(ApiServices services, Requests requests) {
    this.s = services;
    this.audit = new Audit(services);
    this.requests = requests;
  }

  private Caller caller(HttpRequest request, Role needed) {
    return requests.caller(request, needed);
  }

  // ---------------------------------------------------------------- pipelines

  HttpResponse applyPipeline(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.EDITOR);
    String text = ApiFunction.pipelineText(request);
    ApplyPipeline.Result result;
    try {
      result =
          new ApplyPipeline(s.pipelines(), s.clusters(), s.clock())
              .apply(caller.principal(), text, request.header("X-Gennaker-Commit").orElse(""));
    } catch (ConflictException e) {
      throw Problem.conflict("other applies of this pipeline happened at the same moment; retry");
    } catch (IllegalArgumentException e) {
      throw Problem.tooLarge(e.getMessage());
    }
    if (result instanceof ApplyPipeline.Invalid invalid) {
      ValidationResult validation = invalid.validation();
      throw Problem.invalid(
          "the pipeline file has problems; the first: "
              + validation.diagnostics().get(0).format("pipeline.yml"),
          ApiFunction.errors(validation));
    }
    ApplyPipeline.Applied applied = (ApplyPipeline.Applied) result;
    PipelineVersion version = applied.version();
    if (applied.changed()) {
      audit.record(
          caller.tenant(),
          caller.userId(),
          request,
          "pipeline.applied",
          "pipeline",
          version.application() + "/" + version.pipeline(),
          Map.of("version", String.valueOf(version.version())));
    }
    Map<String, Object> out = version(version, false);
    out.put("changed", applied.changed());
    return HttpResponse.json(applied.changed() ? 201 : 200, JSON.valueToTree(out).toString());
  }

  HttpResponse listPipelines(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.VIEWER);
    Page<PipelineVersion> page =
        page(() -> s.pipelines().listPipelines(caller.tenant(), pageRequest(request)));
    ObjectNode out = JSON.createObjectNode();
    ArrayNode items = out.putArray("items");
    page.items().forEach(v -> items.add(JSON.valueToTree(version(v, false))));
    page.nextToken().ifPresent(t -> out.put("nextToken", t));
    return HttpResponse.json(200, out.toString());
  }

  HttpResponse getPipeline(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.VIEWER);
    PipelineVersion v =
        s.pipelines()
            .latest(caller.tenant(), vars.get("application"), vars.get("pipeline"))
            .orElseThrow(
                () ->
                    Problem.notFound(
                        "pipeline " + vars.get("application") + "/" + vars.get("pipeline")));
    return HttpResponse.json(200, JSON.valueToTree(version(v, true)).toString());
  }

  /** Every version of a pipeline, newest first, with author and commit (also after a delete). */
  HttpResponse listPipelineVersions(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.VIEWER);
    Page<PipelineVersion> page =
        page(
            () ->
                s.pipelines()
                    .listVersions(
                        caller.tenant(),
                        vars.get("application"),
                        vars.get("pipeline"),
                        pageRequest(request)));
    if (page.items().isEmpty() && request.queryParam("nextToken").isEmpty()) {
      throw Problem.notFound("pipeline " + vars.get("application") + "/" + vars.get("pipeline"));
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode items = out.putArray("items");
    page.items().forEach(v -> items.add(JSON.valueToTree(version(v, false))));
    page.nextToken().ifPresent(t -> out.put("nextToken", t));
    return HttpResponse.json(200, out.toString());
  }

  HttpResponse getPipelineVersion(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.VIEWER);
    String what =
        "version "
            + vars.get("version")
            + " of "
            + vars.get("application")
            + "/"
            + vars.get("pipeline");
    int number;
    try {
      number = Integer.parseInt(vars.get("version"));
    } catch (NumberFormatException e) {
      throw Problem.notFound(what);
    }
    PipelineVersion v =
        (number < 1
                ? Optional.<PipelineVersion>empty()
                : s.pipelines()
                    .get(caller.tenant(), vars.get("application"), vars.get("pipeline"), number))
            .orElseThrow(() -> Problem.notFound(what));
    return HttpResponse.json(200, JSON.valueToTree(version(v, true)).toString());
  }

  /** Deletes a pipeline: nothing starts it any more; its running executions finish. */
  HttpResponse deletePipeline(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.EDITOR);
    String application = vars.get("application");
    String name = vars.get("pipeline");
    PipelineVersion latest =
        s.pipelines()
            .latest(caller.tenant(), application, name)
            .orElseThrow(() -> Problem.notFound("pipeline " + application + "/" + name));
    s.pipelines().delete(caller.tenant(), application, name);
    audit.record(
        caller.tenant(),
        caller.userId(),
        request,
        "pipeline.deleted",
        "pipeline",
        application + "/" + name,
        Map.of("lastVersion", String.valueOf(latest.version())));
    return HttpResponse.empty(204);
  }

  private static Map<String, Object> version(PipelineVersion v, boolean withYaml) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("application", v.application());
    m.put("pipeline", v.pipeline());
    m.put("version", v.version());
    m.put("sourceCommit", v.sourceCommit());
    m.put("author", v.author());
    m.put("appliedAt", v.appliedAt().toString());
    if (withYaml) {
      m.put("yaml", v.yaml());
    }
    return m;
  }

  // ---------------------------------------------------------------- executions

  HttpResponse startExecution(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.DEPLOYER);
    JsonNode body = jsonBody(request);
    String application = text(body, "application");
    String pipeline = text(body, "pipeline");
    Map<String, String> parameters = new LinkedHashMap<>();
    JsonNode params = body.path("parameters");
    if (!params.isMissingNode() && !params.isObject()) {
      throw Problem.invalid("\"parameters\" must be an object", List.of());
    }
    params
        .fields()
        .forEachRemaining(
            e ->
                parameters.put(
                    e.getKey(),
                    e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    Map<String, String> source = new LinkedHashMap<>();
    JsonNode sourceNode = body.path("source");
    if (!sourceNode.isMissingNode()) {
      String repository = sourceNode.path("repository").asText("");
      if (!repository.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
        throw Problem.invalid(
            "\"source.repository\" must be owner/name",
            List.of(Map.of("path", "source.repository", "message", "owner/name")));
      }
      source.put("repository", repository);
      source.put("commit", sourceNode.path("commit").asText("HEAD"));
    }
    String idempotencyKey = request.header("Idempotency-Key").orElse(null);
    String executionId =
        idempotencyKey == null
            ? null
            : "ex-idem-" + sha256(caller.tenant().value() + "/" + idempotencyKey).substring(0, 24);
    Execution execution;
    try {
      execution =
          new StartExecution(s.runner(), s.tenants())
              .start(caller.principal(), application, pipeline, parameters, source, executionId);
    } catch (NotFoundException e) {
      throw Problem.notFound("pipeline " + application + "/" + pipeline);
    } catch (StartExecution.DrainingException e) {
      throw new Problem(
          409, "https://gennaker.dev/problems/draining", "Tenant draining", e.getMessage());
    } catch (StartExecution.InvalidParametersException e) {
      List<Map<String, Object>> errors = new ArrayList<>();
      e.problems().forEach(p -> errors.add(Map.of("path", "parameters", "message", p)));
      throw Problem.invalid("the parameters do not match the pipeline: " + e.getMessage(), errors);
    }
    audit.record(
        caller.tenant(),
        caller.userId(),
        request,
        "execution.started",
        "execution",
        execution.executionId(),
        Map.of("pipeline", application + "/" + pipeline));
    return HttpResponse.json(201, JSON.valueToTree(summary(execution)).toString());
  }

  /** Executions newest first; filters: pipeline (application/name), status (a,b), since. */
  HttpResponse listExecutions(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.VIEWER);
    PageRequest first = pageRequest(request);
    Optional<String[]> pipeline =
        request
            .queryParam("pipeline")
            .map(
                p -> {
                  String[] parts = p.split("/", -1);
                  if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    throw Problem.badRequest(
                        "\"pipeline\" is application/name, e.g. orders/orders-release");
                  }
                  return parts;
                });
    Set<ExecutionStatus> statuses = EnumSet.noneOf(ExecutionStatus.class);
    for (String st : request.queryParam("status").map(v -> v.split(",")).orElse(new String[0])) {
      try {
        statuses.add(ExecutionStatus.valueOf(st.trim().toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw Problem.badRequest(
            "unknown status \""
                + st
                + "\"; statuses are "
                + java.util.Arrays.toString(ExecutionStatus.values()).toLowerCase());
      }
    }
    Optional<java.time.Instant> since;
    try {
      since = request.queryParam("since").map(java.time.Instant::parse);
    } catch (java.time.format.DateTimeParseException e) {
      throw Problem.badRequest("\"since\" must be a time like 2026-11-22T09:00:00Z");
    }
    // Filters apply while paging the store's newest-first listing; a page may come back short
    // (with a token to go on) rather than scanning a tenant's whole history in one request.
    List<Execution> found = new ArrayList<>();
    Optional<String> token = first.token();
    boolean olderThanSince = false;
    for (int scanned = 0; scanned < 10 && found.size() < first.limit(); scanned++) {
      // Never more than still wanted, so the token resumes right after the last item looked at.
      PageRequest pr = new PageRequest(first.limit() - found.size(), token);
      Page<Execution> page =
          page(
              () ->
                  pipeline.isPresent()
                      ? s.executions()
                          .listByPipeline(caller.tenant(), pipeline.get()[0], pipeline.get()[1], pr)
                      : s.executions().list(caller.tenant(), pr));
      for (Execution e : page.items()) {
        if (since.isPresent() && e.createdAt().isBefore(since.get())) {
          olderThanSince = true;
          break;
        }
        if (statuses.isEmpty() || statuses.contains(e.status())) {
          found.add(e);
        }
      }
      token = page.nextToken();
      if (olderThanSince || token.isEmpty()) {
        token = Optional.empty();
        break;
      }
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode items = out.putArray("items");
    found.forEach(e -> items.add(JSON.valueToTree(summary(e))));
    token.ifPresent(t -> out.put("nextToken", t));
    return HttpResponse.json(200, out.toString());
  }

  HttpResponse getExecution(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.VIEWER);
    Execution e = execution(caller, vars.get("executionId"));
    Map<String, Object> out = summary(e);
    List<Map<String, Object>> stages = new ArrayList<>();
    for (StageRecord r :
        s.executions()
            .listStages(caller.tenant(), e.executionId(), new PageRequest(100, Optional.empty()))
            .items()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.stageId());
      m.put("type", r.type());
      m.put("status", r.status().name());
      m.put("attempts", r.attempts());
      m.put("outputs", r.outputs());
      r.error().ifPresent(x -> m.put("error", x));
      r.startedAt().ifPresent(x -> m.put("startedAt", x.toString()));
      r.finishedAt().ifPresent(x -> m.put("finishedAt", x.toString()));
      stages.add(m);
    }
    out.put("stages", stages);
    List<Map<String, Object>> timeline = new ArrayList<>();
    for (TimelineEvent ev :
        s.executions()
            .listEvents(caller.tenant(), e.executionId(), new PageRequest(100, Optional.empty()))
            .items()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", ev.at().toString());
      m.put("type", ev.type());
      ev.stageId().ifPresent(x -> m.put("stage", x));
      m.put("message", ev.message());
      timeline.add(m);
    }
    out.put("timeline", timeline);
    return HttpResponse.json(200, JSON.valueToTree(out).toString());
  }

  /**
   * The manifests a stage rendered (a bake's output), as they were at the time: what the execution
   * deployed, not what runs now.
   */
  HttpResponse stageManifests(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.VIEWER);
    Execution e = execution(caller, vars.get("executionId"));
    String stageId = vars.get("stageId");
    StageRecord stage;
    try {
      stage =
          s.executions()
              .getStage(caller.tenant(), e.executionId(), stageId)
              .orElseThrow(() -> Problem.notFound("stage " + stageId + " of " + e.executionId()));
    } catch (IllegalArgumentException ex) {
      throw Problem.notFound("stage " + stageId + " of " + e.executionId());
    }
    String ref = stage.outputs().getOrDefault("manifests", "");
    String prefix = "executions/" + e.executionId() + "/";
    if (!ref.startsWith("blob:" + prefix)) {
      throw Problem.notFound("manifests of stage " + stageId + " (it rendered none)");
    }
    byte[] yaml =
        s.blobs()
            .get(new dev.gennaker.core.blob.BlobRef(caller.tenant(), ref.substring(5)))
            .orElseThrow(() -> Problem.notFound("manifests of stage " + stageId))
            .content();
    return new HttpResponse(200, Map.of("Content-Type", "application/yaml"), yaml);
  }

  HttpResponse cancelExecution(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.DEPLOYER);
    Execution e = execution(caller, vars.get("executionId"));
    boolean force = request.queryParam("force").map(Boolean::parseBoolean).orElse(false);
    Execution done =
        new CancelExecution(s.runner()).cancel(caller.principal(), e.executionId(), force);
    audit.record(
        caller.tenant(),
        caller.userId(),
        request,
        force ? "execution.force-canceled" : "execution.canceled",
        "execution",
        e.executionId(),
        Map.of());
    return HttpResponse.json(200, JSON.valueToTree(summary(done)).toString());
  }

  HttpResponse restartExecution(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.DEPLOYER);
    Execution e = execution(caller, vars.get("executionId"));
    String stage = text(jsonBody(request), "fromStage");
    Execution next;
    try {
      next =
          new dev.gennaker.core.runner.RestartExecution(s.runner())
              .restart(caller.principal(), e.executionId(), stage);
    } catch (dev.gennaker.core.runner.RestartExecution.RestartRefusedException ex) {
      throw Problem.conflict(ex.getMessage());
    } catch (NotFoundException ex) {
      throw Problem.invalid(
          "stage \"" + stage + "\" is not in this execution's pipeline",
          List.of(Map.of("path", "fromStage", "message", "unknown stage")));
    }
    audit.record(
        caller.tenant(),
        caller.userId(),
        request,
        "execution.restarted",
        "execution",
        next.executionId(),
        Map.of("restartOf", e.executionId(), "fromStage", stage));
    return HttpResponse.json(201, JSON.valueToTree(summary(next)).toString());
  }

  private Execution execution(Caller caller, String id) {
    try {
      return s.executions()
          .get(caller.tenant(), id)
          .orElseThrow(() -> Problem.notFound("execution " + id));
    } catch (IllegalArgumentException e) {
      throw Problem.notFound("execution " + id);
    }
  }

  private static Map<String, Object> summary(Execution e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("executionId", e.executionId());
    m.put("application", e.application());
    m.put("pipeline", e.pipeline());
    m.put("pipelineVersion", e.pipelineVersion());
    m.put("status", e.status().name());
    m.put(
        "trigger",
        Map.of(
            "type",
            e.trigger().type(),
            "actor",
            e.trigger().actor(),
            "details",
            e.trigger().details()));
    m.put("parameters", e.parameters());
    m.put("createdAt", e.createdAt().toString());
    e.startedAt().ifPresent(x -> m.put("startedAt", x.toString()));
    e.finishedAt().ifPresent(x -> m.put("finishedAt", x.toString()));
    return m;
  }

  // ---------------------------------------------------------------- approvals

  HttpResponse listApprovals(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.VIEWER);
    String forWhom = request.queryParam("for").orElse("tenant");
    if (!forWhom.equals("tenant") && !forWhom.equals("me")) {
      throw Problem.badRequest("\"for\" is me (approvals you may decide) or tenant (all pending)");
    }
    Page<Approval> page =
        page(() -> s.approvals().listPending(caller.tenant(), pageRequest(request)));
    ObjectNode out = JSON.createObjectNode();
    ArrayNode items = out.putArray("items");
    page.items().stream()
        .filter(a -> forWhom.equals("tenant") || mayDecide(caller, a))
        .forEach(a -> items.add(JSON.valueToTree(approval(a))));
    page.nextToken().ifPresent(t -> out.put("nextToken", t));
    return HttpResponse.json(200, out.toString());
  }

  HttpResponse decideApproval(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.DEPLOYER);
    JsonNode body = jsonBody(request);
    String decision = text(body, "decision");
    if (!decision.equals("approve") && !decision.equals("reject")) {
      throw Problem.invalid(
          "\"decision\" must be approve or reject, not \"" + decision + "\"", List.of());
    }
    String executionId = vars.get("executionId");
    execution(caller, executionId);
    DecideApproval.Outcome outcome;
    try {
      outcome =
          new DecideApproval(s.runner())
              .decide(
                  caller.tenant(),
                  executionId,
                  vars.get("approvalId"),
                  new DecideApproval.Decider(caller.userId(), caller.roles(), "api"),
                  decision.equals("approve"),
                  body.path("comment").asText(""));
    } catch (NotFoundException | IllegalArgumentException e) {
      throw Problem.notFound("approval " + vars.get("approvalId"));
    }
    if (outcome instanceof DecideApproval.Outcome.Refused refused) {
      audit.record(
          caller.tenant(),
          caller.userId(),
          request,
          "approval.refused",
          "approval",
          executionId + "/" + vars.get("approvalId"),
          Map.of("reason", refused.reason()));
      throw refused.reason().startsWith("already")
          ? Problem.conflict(refused.reason())
          : Problem.forbidden(refused.reason());
    }
    audit.record(
        caller.tenant(),
        caller.userId(),
        request,
        "approval." + (decision.equals("approve") ? "approved" : "rejected"),
        "approval",
        executionId + "/" + vars.get("approvalId"),
        Map.of("comment", body.path("comment").asText("")));
    return HttpResponse.json(
        200,
        JSON.valueToTree(approval(((DecideApproval.Outcome.Decided) outcome).approval()))
            .toString());
  }

  /**
   * Whether the caller's roles and identity pass the approval's policy (the decision re-checks).
   */
  private static boolean mayDecide(Caller caller, Approval a) {
    boolean roleAllowed = a.allowedRoles().stream().anyMatch(caller.roles()::contains);
    return roleAllowed && (a.requestedFor().isEmpty() || !a.requestedFor().equals(caller.userId()));
  }

  private static Map<String, Object> approval(Approval a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("approvalId", a.approvalId());
    m.put("executionId", a.executionId());
    m.put("stageId", a.stageId());
    m.put("status", a.status().name());
    m.put("requestedAt", a.requestedAt().toString());
    a.expiresAt().ifPresent(x -> m.put("expiresAt", x.toString()));
    m.put(
        "allowedRoles",
        a.allowedRoles().stream().map(r -> r.name().toLowerCase()).sorted().toList());
    a.decision()
        .ifPresent(
            d ->
                m.put(
                    "decision",
                    Map.of(
                        "outcome",
                        d.outcome().name(),
                        "decidedBy",
                        d.decidedBy(),
                        "at",
                        d.at().toString(),
                        "comment",
                        d.comment())));
    return m;
  }

  // ---------------------------------------------------------------- audit

  HttpResponse listAudit(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.ADMIN);
    Page<dev.gennaker.core.audit.AuditEntry> page =
        page(() -> s.audit().list(caller.tenant(), pageRequest(request)));
    ObjectNode out = JSON.createObjectNode();
    ArrayNode items = out.putArray("items");
    for (var entry : page.items()) {
      ObjectNode n = items.addObject();
      n.put("at", entry.at().toString());
      n.put("actor", entry.actor());
      n.put("action", entry.action());
      n.put("objectType", entry.objectType());
      n.put("objectId", entry.objectId());
      n.set("details", JSON.valueToTree(entry.details()));
    }
    page.nextToken().ifPresent(t -> out.put("nextToken", t));
    return HttpResponse.json(200, out.toString());
  }

  // ---------------------------------------------------------------- helpers

  private static PageRequest pageRequest(HttpRequest request) {
    int limit;
    try {
      limit = request.queryParam("limit").map(Integer::parseInt).orElse(PAGE);
    } catch (NumberFormatException e) {
      throw Problem.badRequest("\"limit\" must be a number");
    }
    if (limit < 1 || limit > 100) {
      throw Problem.badRequest("\"limit\" must be between 1 and 100");
    }
    return new PageRequest(limit, request.queryParam("nextToken"));
  }

  private static <T> Page<T> page(java.util.function.Supplier<Page<T>> query) {
    try {
      return query.get();
    } catch (InvalidPageTokenException e) {
      throw Problem.badRequest("the page token is not valid here: " + e.getMessage());
    }
  }

  private static JsonNode jsonBody(HttpRequest request) {
    return Requests.jsonObject(request);
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw Problem.invalid(
          "\"" + field + "\" is required", List.of(Map.of("path", field, "message", "required")));
    }
    return v.asText();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
