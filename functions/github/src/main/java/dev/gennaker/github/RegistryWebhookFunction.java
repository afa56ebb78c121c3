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
import dev.gennaker.core.execution.Artifact;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.pipeline.Trigger;
import dev.gennaker.core.runner.StartExecution;
import dev.gennaker.core.secret.SecretRef;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.core.trigger.ExecutionIds;
import dev.gennaker.core.trigger.IdempotentStart;
import dev.gennaker.core.trigger.TenantPipelines;
import dev.gennaker.core.trigger.TriggerContext;
import dev.gennaker.core.trigger.TriggerMatcher;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /webhooks/registry/{tenantId}}: image pushes from container registries start the
 * pipelines whose {@code image} trigger matches the repository and tag; the image (with its digest
 * when the registry sends one) becomes the execution's {@code docker/image} artifact, which the
 * bake stage binds into the manifests.
 *
 * <p>Authentication, checked before the body is parsed, with the tenant's {@code registry-webhook}
 * secret: an {@code X-Hub-Signature-256} HMAC over the raw body (GitHub package events, or any
 * sender that can sign), otherwise the secret itself as a bearer token ({@code Authorization:
 * Bearer}) or, for registries that cannot set headers (Docker Hub), as the {@code token} query
 * parameter. Unknown tenants get the same 401. A notification seen before (same delivery) is
 * answered with the executions it started.
 */
public final class RegistryWebhookFunction implements HttpFunction {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Registry notifications are small; larger bodies are refused. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  static final Duration DELIVERY_TTL = Duration.ofDays(7);
  private static final SecretValue NO_SECRET = SecretValue.of("no tenant has this registry secret");

  private final Router router = new Router();
  private final GitHubServices s;
  private final IdempotentStart start;
  private final TenantPipelines pipelines;

  public RegistryWebhookFunction(GitHubServices services) {
    this.s = services;
    this.start = new IdempotentStart(services::start);
    this.pipelines = new TenantPipelines(services.runner().pipelines());
    router.route("POST", "/webhooks/registry/{tenantId}", this::deliver);
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    return router.handle(request);
  }

  private HttpResponse deliver(HttpRequest request, Map<String, String> vars) {
    if (request.body().length > MAX_BODY_BYTES) {
      throw Problem.tooLarge(
          "the notification is "
              + request.body().length
              + " bytes; the limit is "
              + MAX_BODY_BYTES);
    }
    TenantId tenant = authenticate(vars.get("tenantId"), request);
    JsonNode body;
    try {
      body = JSON.readTree(request.body());
    } catch (IOException e) {
      throw Problem.badRequest("the body is not valid JSON");
    }
    if (body == null || !body.isObject()) {
      throw Problem.badRequest("the body must be a JSON object");
    }
    RegistryPayloads.Parsed parsed;
    try {
      parsed = RegistryPayloads.parse(request, body);
    } catch (RegistryPayloads.MalformedNotificationException e) {
      throw Problem.badRequest("malformed registry notification: " + e.getMessage());
    }
    ObjectNode out = JSON.createObjectNode();
    if (parsed instanceof RegistryPayloads.Ignored ignored) {
      out.put("ignored", ignored.reason());
      return HttpResponse.json(202, out.toString());
    }
    RegistryPayloads.ImagePush push = ((RegistryPayloads.Push) parsed).push();
    out.put("image", push.image().toString());
    Optional<List<String>> seen = s.deliveries().find(tenant, "registry", push.deliveryId());
    if (seen.isPresent()) {
      out.put("duplicate", true);
      ArrayNode ids = out.putArray("executions");
      seen.get().forEach(id -> ids.addObject().put("executionId", id));
      return HttpResponse.json(200, out.toString());
    }
    List<String> started = new ArrayList<>();
    ArrayNode executions = out.putArray("executions");
    ArrayNode skipped = out.putArray("skipped");
    for (TenantPipelines.Candidate c : pipelines.list(tenant)) {
      boolean match = false;
      for (Trigger t : c.pipeline().triggers()) {
        if (t instanceof Trigger.Image i && TriggerMatcher.matches(i, push.image())) {
          match = true;
        }
      }
      if (!match) {
        continue;
      }
      String id =
          ExecutionIds.derive("img", tenant.value(), push.deliveryId(), c.application(), c.name());
      try {
        Execution x =
            start.start(
                tenant,
                c.application(),
                c.name(),
                TriggerContext.image(push.image(), push.registry(), push.pusher()),
                Map.of(),
                List.of(
                    new Artifact(
                        "docker/image", push.image().repository(), push.image().toString())),
                id);
        started.add(x.executionId());
        executions
            .addObject()
            .put("executionId", x.executionId())
            .put("application", c.application())
            .put("pipeline", c.name());
      } catch (StartExecution.InvalidParametersException e) {
        skipped
            .addObject()
            .put("pipeline", c.name())
            .put("reason", "cannot start: " + String.join("; ", e.problems()));
      } catch (StartExecution.DrainingException e) {
        skipped.addObject().put("pipeline", c.name()).put("reason", e.getMessage());
      } catch (NotFoundException e) {
        skipped.addObject().put("pipeline", c.name()).put("reason", e.getMessage());
      }
    }
    s.deliveries().record(tenant, "registry", push.deliveryId(), started, DELIVERY_TTL);
    return HttpResponse.json(202, out.toString());
  }

  private TenantId authenticate(String tenantText, HttpRequest request) {
    Problem denied =
        Problem.unauthorized(
            "sign the notification (X-Hub-Signature-256) or send the tenant's registry webhook"
                + " token (Authorization: Bearer, or ?token=)");
    Optional<TenantId> tenant;
    try {
      tenant = Optional.of(TenantId.of(tenantText));
    } catch (IllegalArgumentException e) {
      tenant = Optional.empty();
    }
    Optional<SecretValue> secret =
        tenant.flatMap(t -> s.secrets().get(new SecretRef(t, "registry-webhook")));
    SecretValue check = secret.orElse(NO_SECRET);
    boolean valid;
    Optional<String> signature = request.header("X-Hub-Signature-256");
    if (signature.isPresent()) {
      valid = WebhookSignature.valid(check, request.body(), signature.get());
    } else {
      String auth = request.header("Authorization").orElse("");
      String token =
          auth.regionMatches(true, 0, "Bearer ", 0, 7)
              ? auth.substring(7).trim()
              : request.queryParam("token").orElse(null);
      valid = check.matches(token);
    }
    if (secret.isEmpty() || !valid) {
      throw denied;
    }
    return tenant.get();
  }
}
