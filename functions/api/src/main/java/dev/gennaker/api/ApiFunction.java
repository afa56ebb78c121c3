package dev.gennaker.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.api.http.HttpFunction;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.api.http.Problem;
import dev.gennaker.api.http.Router;
import dev.gennaker.core.pipeline.Pipeline;
import dev.gennaker.core.pipeline.PipelineReader;
import dev.gennaker.core.pipeline.ValidationResult;
import dev.gennaker.core.yaml.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hosted API, as one HTTP function. This first part serves the health check, the OpenAPI
 * contract and pipeline validation; tenant-scoped resources follow.
 */
public final class ApiFunction implements HttpFunction {
  /** Pipeline files larger than this are refused (413). */
  public static final int MAX_PIPELINE_BYTES = 1024 * 1024;

  static final Set<String> YAML_TYPES =
      Set.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Router router = new Router();
  private final PipelineReader pipelines = new PipelineReader();
  private final String openApi;

  /** Requests per second (and burst) one tenant may make before it gets 429. */
  public static final double TENANT_RATE = 50;

  public static final double TENANT_BURST = 200;

  public ApiFunction(ApiServices services) {
    this(services, new RateLimiter(TENANT_RATE, TENANT_BURST, services.clock()));
  }

  ApiFunction(ApiServices services, RateLimiter limiter) {
    this.openApi = resource("/api/openapi.json");
    Requests requests = new Requests(services.apiKeys(), limiter);
    Resources resources = new Resources(services, requests);
    router
        .route("GET", "/healthz", (request, vars) -> HttpResponse.json(200, "{\"status\":\"ok\"}"))
        .route("GET", "/v1/openapi.json", (request, vars) -> HttpResponse.json(200, openApi))
        .route("POST", "/v1/pipelines/validate", (request, vars) -> validate(request))
        .route("POST", "/v1/pipelines", resources::applyPipeline)
        .route("GET", "/v1/pipelines", resources::listPipelines)
        .route("GET", "/v1/pipelines/{application}/{pipeline}", resources::getPipeline)
        .route("DELETE", "/v1/pipelines/{application}/{pipeline}", resources::deletePipeline)
        .route(
            "GET",
            "/v1/pipelines/{application}/{pipeline}/versions",
            resources::listPipelineVersions)
        .route(
            "GET",
            "/v1/pipelines/{application}/{pipeline}/versions/{version}",
            resources::getPipelineVersion)
        .route("POST", "/v1/executions", resources::startExecution)
        .route("GET", "/v1/executions", resources::listExecutions)
        .route("GET", "/v1/executions/{executionId}", resources::getExecution)
        .route("POST", "/v1/executions/{executionId}/cancel", resources::cancelExecution)
        .route(
            "GET",
            "/v1/executions/{executionId}/stages/{stageId}/manifests",
            resources::stageManifests)
        .route("POST", "/v1/executions/{executionId}/restart", resources::restartExecution)
        .route("GET", "/v1/approvals", resources::listApprovals)
        .route("GET", "/v1/audit", resources::listAudit)
        .route(
            "POST",
            "/v1/executions/{executionId}/approvals/{approvalId}",
            resources::decideApproval);
    TenantRoutes tenant = new TenantRoutes(services, requests);
    router
        .route("POST", "/v1/signup", tenant::signUp)
        .route("GET", "/v1/tenant", tenant::get)
        .route("PATCH", "/v1/tenant", tenant::patch)
        .route("PUT", "/v1/tenant", tenant::declare)
        .route("GET", "/v1/tenant/webhooks", tenant::webhooks)
        .route("GET", "/v1/members", tenant::listMembers)
        .route("PUT", "/v1/members/{userId}", tenant::putMember)
        .route("DELETE", "/v1/members/{userId}", tenant::removeMember)
        .route("GET", "/v1/keys", tenant::listKeys)
        .route("POST", "/v1/keys", tenant::createKey)
        .route("DELETE", "/v1/keys/{keyId}", tenant::revokeKey);
    ClusterRoutes clusters = new ClusterRoutes(services, requests);
    router
        .route("POST", "/v1/clusters", clusters::create)
        .route("GET", "/v1/clusters", clusters::list)
        .route("GET", "/v1/clusters/{clusterId}", clusters::get)
        .route("PATCH", "/v1/clusters/{clusterId}", clusters::rename)
        .route("DELETE", "/v1/clusters/{clusterId}", clusters::delete)
        .route("POST", "/v1/clusters/{clusterId}/tokens", clusters::token);
    AgentRoutes agents = new AgentRoutes(services);
    router
        .route("POST", "/v1/agent/register", agents::register)
        .route("GET", "/v1/agent/commands", agents::commands)
        .route("POST", "/v1/agent/commands/{commandId}/result", agents::result)
        .route("POST", "/v1/agent/heartbeat", agents::heartbeat)
        .route("POST", "/v1/agent/events", agents::events)
        .route("POST", "/v1/agent/inventory", agents::inventory)
        .route("GET", "/v1/agent/blobs/{ref}", agents::blob);
  }

  /** The routes, for the contract test against the OpenAPI document. */
  public List<Router.Route> routes() {
    return router.routes();
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    return router.handle(request);
  }

  private HttpResponse validate(HttpRequest request) {
    String text = pipelineText(request);
    ValidationResult result = pipelines.read(text);
    if (!result.valid()) {
      List<Map<String, Object>> errors = errors(result);
      throw Problem.invalid(
          "the pipeline file has "
              + errors.size()
              + (errors.size() == 1 ? " problem" : " problems")
              + "; the first: "
              + result.diagnostics().get(0).format("pipeline.yml"),
          errors);
    }
    Pipeline p = result.get();
    ObjectNode out = JSON.createObjectNode();
    out.put("valid", true);
    out.put("pipeline", p.name());
    out.put("application", p.metadata().application());
    ArrayNode stages = out.putArray("stages");
    p.stages().forEach(s -> stages.addObject().put("id", s.id()).put("type", s.type()));
    return HttpResponse.json(200, out.toString());
  }

  static List<Map<String, Object>> errors(ValidationResult result) {
    List<Map<String, Object>> errors = new ArrayList<>();
    for (Diagnostic d : result.diagnostics()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("line", d.position().line());
      e.put("column", d.position().column());
      e.put("path", d.path());
      e.put("message", d.message());
      errors.add(e);
    }
    return errors;
  }

  /** The body as a pipeline file: a supported content type, at most 1 MiB, UTF-8. */
  static String pipelineText(HttpRequest request) {
    String type = request.contentType();
    if (!YAML_TYPES.contains(type) && !type.equals("application/json")) {
      throw Problem.unsupportedMediaType(
          "send the pipeline file as application/yaml (or application/json), not "
              + (type.isEmpty() ? "without a Content-Type" : type));
    }
    if (request.body().length > MAX_PIPELINE_BYTES) {
      throw Problem.tooLarge(
          "pipeline files are limited to 1 MiB; this one has " + request.body().length + " bytes");
    }
    if (request.body().length == 0) {
      throw Problem.badRequest("the request has no body: send the pipeline file");
    }
    return new String(request.body(), StandardCharsets.UTF_8);
  }

  private static String resource(String path) {
    try (InputStream in = ApiFunction.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
