package dev.gennaker.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.api.http.HttpFunction;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.api.http.Problem;
import dev.gennaker.api.http.Router;
import dev.gennaker.core.cluster.Cluster;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.pipeline.ApplyPipeline;
import dev.gennaker.core.pipeline.PipelineReader;
import dev.gennaker.core.pipeline.Trigger;
import dev.gennaker.core.pipeline.ValidationResult;
import dev.gennaker.core.runner.StartExecution;
import dev.gennaker.core.secret.SecretRef;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.store.Ids;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PipelineVersion;
import dev.gennaker.core.store.StoreUnavailableException;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.core.trigger.ExecutionIds;
import dev.gennaker.core.trigger.GitHubEvent;
import dev.gennaker.core.trigger.IdempotentStart;
import dev.gennaker.core.trigger.TenantPipelines;
import dev.gennaker.core.trigger.TriggerContext;
import dev.gennaker.core.trigger.TriggerMatcher;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code POST /webhooks/github/{tenantId}}: GitHub's webhook deliveries for one tenant.
 *
 * <p>In order: refuse bodies over {@value #MAX_BODY_BYTES} bytes (413); check {@code
 * X-Hub-Signature-256} over the raw body with the tenant's {@code github-webhook} secret in
 * constant time (401, the same answer for an unknown tenant, so the path reveals nothing); answer
 * {@code ping}; answer a delivery id seen before with the executions it started (200, nothing else
 * happens); parse the event; read {@code .gennaker/*.yml} at the commit when the event changed it
 * (or when the change list is unknown), apply each valid file from a push to the default branch as
 * a new pipeline version (validate only, elsewhere), report each file as a {@code
 * gennaker/validate} commit status; then start every pipeline with a matching {@code github}
 * trigger, with an execution id derived from the delivery and the pipeline, and set its {@code
 * gennaker/<pipeline>} status to pending. Answers 202 with what it did.
 *
 * <p>Nothing is started when GitHub cannot be read for the pipeline files (503/502, so the delivery
 * can be redelivered). Pull requests from forks are validated but start nothing: their head commit
 * is not the tenant's code.
 */
public final class GitHubWebhookFunction implements HttpFunction {
  private static final System.Logger LOG = System.getLogger(GitHubWebhookFunction.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Larger deliveries are refused (API Gateway's own limit is 10 MB; GitHub caps at 25 MB). */
  public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

  /** How long a delivery id is remembered (GitHub redelivers up to three days back). */
  static final Duration DELIVERY_TTL = Duration.ofDays(7);

  static final String PIPELINE_FOLDER = ".gennaker";
  private static final SecretValue NO_SECRET = SecretValue.of("no tenant has this webhook secret");

  private final Router router = new Router();
  private final GitHubServices s;
  private final IdempotentStart start;
  private final TenantPipelines pipelines;

  public GitHubWebhookFunction(GitHubServices services) {
    this.s = services;
    this.start = new IdempotentStart(services::start);
    this.pipelines = new TenantPipelines(services.runner().pipelines());
    router.route("POST", "/webhooks/github/{tenantId}", this::deliver);
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    return router.handle(request);
  }

  private HttpResponse deliver(HttpRequest request, Map<String, String> vars) {
    if (request.body().length > MAX_BODY_BYTES) {
      throw Problem.tooLarge(
          "the delivery is " + request.body().length + " bytes; the limit is " + MAX_BODY_BYTES);
    }
    TenantId tenant = authenticate(vars.get("tenantId"), request);
    String event =
        request
            .header("X-GitHub-Event")
            .filter(e -> !e.isBlank())
            .orElseThrow(() -> Problem.badRequest("the X-GitHub-Event header is missing"));
    if (!request.contentType().equals("application/json")) {
      throw Problem.unsupportedMediaType(
          "deliveries must be JSON: set the webhook's content type to application/json (was \""
              + request.contentType()
              + "\")");
    }
    if (event.equals("ping")) {
      return HttpResponse.json(200, "{\"event\":\"ping\",\"status\":\"ok\"}");
    }
    String delivery = request.header("X-GitHub-Delivery").orElse("");
    try {
      Ids.require("delivery id", delivery);
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("the X-GitHub-Delivery header is missing or malformed");
    }
    Optional<List<String>> seen = s.deliveries().find(tenant, "github", delivery);
    if (seen.isPresent()) {
      ObjectNode out = JSON.createObjectNode();
      out.put("delivery", delivery);
      out.put("duplicate", true);
      ArrayNode ids = out.putArray("executions");
      seen.get().forEach(id -> ids.addObject().put("executionId", id));
      return HttpResponse.json(200, out.toString());
    }
    JsonNode payload;
    try {
      payload = JSON.readTree(request.body());
    } catch (IOException e) {
      throw Problem.badRequest("the body is not valid JSON");
    }
    if (payload == null || !payload.isObject()) {
      throw Problem.badRequest("the body must be a JSON object");
    }
    GitHubPayloads.Parsed parsed;
    try {
      parsed = GitHubPayloads.parse(event, payload);
    } catch (GitHubPayloads.MalformedPayloadException e) {
      throw Problem.badRequest("malformed " + event + " payload: " + e.getMessage());
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("delivery", delivery);
    out.put("event", event);
    List<String> started = new ArrayList<>();
    if (parsed instanceof GitHubPayloads.Ignored ignored) {
      out.put("ignored", ignored.reason());
    } else {
      process(tenant, delivery, (GitHubPayloads.Event) parsed, out, started);
    }
    s.deliveries().record(tenant, "github", delivery, started, DELIVERY_TTL);
    return HttpResponse.json(202, out.toString());
  }

  private TenantId authenticate(String tenantText, HttpRequest request) {
    Problem denied =
        Problem.unauthorized(
            "the delivery is not signed with this webhook's secret (X-Hub-Signature-256)");
    Optional<TenantId> tenant;
    try {
      tenant = Optional.of(TenantId.of(tenantText));
    } catch (IllegalArgumentException e) {
      tenant = Optional.empty();
    }
    Optional<SecretValue> secret =
        tenant.flatMap(t -> s.secrets().get(new SecretRef(t, "github-webhook")));
    String signature = request.header("X-Hub-Signature-256").orElse(null);
    // the HMAC is computed for unknown tenants too, so timing does not tell them apart
    boolean valid = WebhookSignature.valid(secret.orElse(NO_SECRET), request.body(), signature);
    if (secret.isEmpty() || !valid) {
      throw denied;
    }
    return tenant.get();
  }

  private void process(
      TenantId tenant,
      String delivery,
      GitHubPayloads.Event parsed,
      ObjectNode out,
      List<String> started) {
    GitHubEvent e = parsed.event();
    ChangedPaths changed = new ChangedPaths(tenant, e);
    boolean canReport = s.secrets().get(new SecretRef(tenant, "github-token")).isPresent();

    Map<String, TenantPipelines.Candidate> applied = new LinkedHashMap<>();
    if (e.kind().equals("push") || e.kind().equals("pull_request")) {
      Optional<List<String>> paths = changed.getIfKnown();
      boolean touched =
          paths.isEmpty()
              || paths.get().stream().anyMatch(p -> p.startsWith(PIPELINE_FOLDER + "/"));
      if (touched) {
        pipelineFiles(tenant, e, canReport, out.putArray("pipelineFiles"), applied);
      }
    }

    Map<String, TenantPipelines.Candidate> candidates = new LinkedHashMap<>();
    for (TenantPipelines.Candidate c : pipelines.list(tenant)) {
      candidates.put(c.application() + "/" + c.name(), c);
    }
    candidates.putAll(applied); // the listing may lag an apply made a moment ago

    ArrayNode executions = out.putArray("executions");
    ArrayNode skipped = out.putArray("skipped");
    for (TenantPipelines.Candidate c : candidates.values()) {
      boolean match = false;
      for (Trigger t : c.pipeline().triggers()) {
        if (t instanceof Trigger.GitHub g && matches(g, e, changed)) {
          match = true;
          break;
        }
      }
      if (!match) {
        continue;
      }
      if (parsed.fromFork()) {
        skipped
            .addObject()
            .put("pipeline", c.name())
            .put("reason", "pull requests from forks start no pipelines");
        continue;
      }
      String id = ExecutionIds.derive("gh", tenant.value(), delivery, c.application(), c.name());
      try {
        Execution x =
            start.start(
                tenant,
                c.application(),
                c.name(),
                TriggerContext.github(e, changed.getOrEmpty()),
                Map.of(),
                List.of(),
                id);
        started.add(x.executionId());
        executions
            .addObject()
            .put("executionId", x.executionId())
            .put("application", c.application())
            .put("pipeline", c.name());
        if (canReport && !e.kind().equals("release")) {
          s.statuses()
              .report(
                  tenant,
                  e.repository(),
                  e.commit(),
                  "pending",
                  "gennaker/" + c.name(),
                  "Execution " + x.executionId() + " started",
                  s.links().execution(tenant, x.executionId()));
        }
      } catch (StartExecution.InvalidParametersException ex) {
        skipped
            .addObject()
            .put("pipeline", c.name())
            .put("reason", "cannot start: " + String.join("; ", ex.problems()));
      } catch (StartExecution.DrainingException ex) {
        skipped.addObject().put("pipeline", c.name()).put("reason", ex.getMessage());
      } catch (NotFoundException ex) {
        skipped.addObject().put("pipeline", c.name()).put("reason", ex.getMessage());
      }
    }
    if (changed.failed) {
      out.put(
          "warning",
          "GitHub's compare API could not be read; path filters were treated as matching");
    }
  }

  private static boolean matches(Trigger.GitHub g, GitHubEvent e, ChangedPaths changed) {
    if (TriggerMatcher.matches(g, e, changed)) {
      return true;
    }
    // changed paths GitHub could not tell us: path filters match (a deploy too many beats one
    // silently missed)
    return changed.failed
        && g.paths() != null
        && !g.paths().isEmpty()
        && TriggerMatcher.matches(
            new Trigger.GitHub(g.repository(), g.events(), g.branches(), g.tags(), List.of()),
            e,
            changed);
  }

  /** Reads, validates and (from the default branch) applies the pipeline files at the commit. */
  private void pipelineFiles(
      TenantId tenant,
      GitHubEvent e,
      boolean canReport,
      ArrayNode report,
      Map<String, TenantPipelines.Candidate> applied) {
    boolean apply = e.kind().equals("push") && e.branch().equals(e.defaultBranch());
    Map<String, String> files = new LinkedHashMap<>();
    try {
      for (GitHubApi.Entry entry :
          s.github().folder(tenant, e.repository(), e.commit(), PIPELINE_FOLDER)) {
        if (entry.type().equals("file")
            && (entry.name().endsWith(".yml") || entry.name().endsWith(".yaml"))) {
          s.github()
              .file(tenant, e.repository(), e.commit(), entry.path())
              .ifPresent(text -> files.put(entry.path(), text));
        }
      }
    } catch (StoreUnavailableException ex) {
      throw new Problem(
          503,
          "github-unavailable",
          "GitHub unavailable",
          "could not read the pipeline files of "
              + e.repository()
              + " at "
              + e.commit()
              + "; nothing was started: redeliver when GitHub answers ("
              + ex.getMessage()
              + ")");
    } catch (GitHubApi.GitHubApiException ex) {
      throw new Problem(
          502,
          "github-refused",
          "GitHub refused",
          "could not read the pipeline files of "
              + e.repository()
              + " at "
              + e.commit()
              + "; check the tenant's github-token: "
              + ex.getMessage());
    }
    Set<String> clusters = null;
    for (Map.Entry<String, String> f : files.entrySet()) {
      ObjectNode row = report.addObject().put("path", f.getKey());
      ValidationResult invalid = null;
      String summary;
      if (f.getValue().length() > PipelineVersion.MAX_YAML_CHARS) {
        String error =
            "the file is "
                + f.getValue().length()
                + " characters; the limit is "
                + PipelineVersion.MAX_YAML_CHARS;
        row.put("result", "invalid").putArray("errors").add(f.getKey() + ": error: " + error);
        if (canReport) {
          s.statuses()
              .report(
                  tenant,
                  e.repository(),
                  e.commit(),
                  "failure",
                  "gennaker/validate (" + f.getKey() + ")",
                  error,
                  s.links().pipelines(tenant));
        }
        continue;
      }
      if (apply) {
        ApplyPipeline.Result r = s.apply().apply(tenant, f.getValue(), e.author(), e.commit());
        if (r instanceof ApplyPipeline.Applied a) {
          applied.put(
              a.version().application() + "/" + a.version().pipeline(),
              new TenantPipelines.Candidate(
                  a.version().application(),
                  a.version().pipeline(),
                  a.version().version(),
                  a.pipeline()));
          row.put("pipeline", a.version().pipeline());
          row.put("result", a.changed() ? "applied" : "unchanged");
          row.put("version", a.version().version());
          summary =
              a.changed()
                  ? "Valid; applied as version " + a.version().version()
                  : "Valid; unchanged (version " + a.version().version() + ")";
        } else {
          invalid = ((ApplyPipeline.Invalid) r).validation();
          summary = "";
        }
      } else {
        if (clusters == null) {
          clusters = clusterIds(tenant);
        }
        ValidationResult v = new PipelineReader(Optional.of(clusters)).read(f.getValue());
        if (v.valid()) {
          row.put("pipeline", v.get().name());
          row.put("result", "valid");
          summary = "Valid";
        } else {
          invalid = v;
          summary = "";
        }
      }
      if (invalid != null) {
        List<String> errors = invalid.format(f.getKey());
        row.put("result", "invalid");
        ArrayNode list = row.putArray("errors");
        errors.forEach(list::add);
        summary =
            errors.get(0).substring(f.getKey().length() + 1)
                + (errors.size() > 1 ? " (+" + (errors.size() - 1) + " more)" : "");
      }
      if (canReport) {
        s.statuses()
            .report(
                tenant,
                e.repository(),
                e.commit(),
                invalid == null ? "success" : "failure",
                "gennaker/validate (" + f.getKey() + ")",
                summary,
                s.links().pipelines(tenant));
      }
    }
  }

  private Set<String> clusterIds(TenantId tenant) {
    Set<String> ids = new HashSet<>();
    Optional<String> token = Optional.empty();
    do {
      Page<Cluster> page =
          s.runner().clusters().listClusters(tenant, new PageRequest(PageRequest.MAX_LIMIT, token));
      page.items().forEach(c -> ids.add(c.clusterId()));
      token = page.nextToken();
    } while (token.isPresent());
    return ids;
  }

  /**
   * The event's changed paths: from the payload when complete, else from the compare API, read at
   * most once. When GitHub cannot be read they are unknown ({@code failed}).
   */
  private final class ChangedPaths implements Supplier<List<String>> {
    private final TenantId tenant;
    private final GitHubEvent e;
    private List<String> paths;
    private boolean failed;

    ChangedPaths(TenantId tenant, GitHubEvent e) {
      this.tenant = tenant;
      this.e = e;
      this.paths = e.changedPaths().orElse(null);
    }

    Optional<List<String>> getIfKnown() {
      return Optional.ofNullable(paths);
    }

    List<String> getOrEmpty() {
      return get();
    }

    @Override
    public List<String> get() {
      if (paths == null && !failed) {
        if (e.baseCommit().isEmpty()) {
          failed = true;
        } else {
          try {
            paths = s.github().changedPaths(tenant, e.repository(), e.baseCommit(), e.commit());
          } catch (RuntimeException ex) {
            LOG.log(
                System.Logger.Level.WARNING,
                "tenant "
                    + tenant
                    + ": changed paths of "
                    + e.repository()
                    + " unknown: "
                    + ex.getMessage());
            failed = true;
          }
        }
      }
      return failed ? List.of() : paths;
    }
  }
}
