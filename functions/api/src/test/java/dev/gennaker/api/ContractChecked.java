package dev.gennaker.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.gennaker.api.http.HttpFunction;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.api.http.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The API as every test calls it, checked against its published contract on each answer: the status
 * must be one the OpenAPI document lists for the operation, and a JSON body must match the
 * documented schema (problem documents included). So every test of every route also tests the
 * contract, without anyone writing a contract assertion.
 */
final class ContractChecked implements HttpFunction {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory SCHEMAS =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private final ApiFunction api;
  private final JsonNode spec;
  private final List<Operation> operations = new ArrayList<>();
  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

  /** Statuses any route may answer without listing them: routing, size and rate limits. */
  private static final Set<Integer> ANYWHERE = Set.of(404, 405, 413, 429);

  private record Operation(String method, String template, Pattern pattern, JsonNode node) {}

  ContractChecked(ApiFunction api) {
    this.api = api;
    try {
      this.spec =
          JSON.readTree(
              api.handle(new HttpRequest("GET", "/v1/openapi.json", Map.of(), Map.of(), null, ""))
                  .body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Router.Route r : api.routes()) {
      JsonNode node = spec.path("paths").path(r.template()).path(r.method().toLowerCase());
      operations.add(
          new Operation(
              r.method(),
              r.template(),
              Pattern.compile(r.template().replaceAll("\\{[^/]+}", "[^/]+")),
              node));
    }
  }

  ApiFunction unwrapped() {
    return api;
  }

  List<Router.Route> routes() {
    return api.routes();
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    HttpResponse response = api.handle(request);
    check(request, response);
    return response;
  }

  private void check(HttpRequest request, HttpResponse response) {
    Operation op = null;
    for (Operation o : operations) {
      if (o.method().equals(request.method()) && o.pattern().matcher(request.path()).matches()) {
        if (op == null || !o.template().contains("{")) {
          op = o;
        }
      }
    }
    if (op == null) {
      return; // 404/405 from the router itself
    }
    String what = request.method() + " " + op.template() + " answered " + response.status();
    JsonNode documented = op.node().path("responses").path(String.valueOf(response.status()));
    if (documented.isMissingNode()) {
      if (ANYWHERE.contains(response.status())) {
        return;
      }
      throw new AssertionError(what + ", which its OpenAPI operation does not list");
    }
    if (documented.has("$ref")) {
      documented = resolve(documented.get("$ref").asText());
    }
    String type = response.headers().getOrDefault("Content-Type", "");
    JsonNode content = documented.path("content").path(type);
    if (response.body().length == 0) {
      return;
    }
    if (documented.path("content").size() > 0 && content.isMissingNode()) {
      throw new AssertionError(what + " with Content-Type " + type + ", which is not documented");
    }
    if (!type.endsWith("json") || content.path("schema").isMissingNode()) {
      return;
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError(what + " with a body that is not JSON");
    }
    JsonSchema schema =
        compiled.computeIfAbsent(
            op.method() + op.template() + response.status(), k -> compile(content.get("schema")));
    Set<ValidationMessage> errors = schema.validate(body);
    if (!errors.isEmpty()) {
      throw new AssertionError(
          what + " with a body off its documented schema: " + errors + "\n" + body);
    }
  }

  private JsonNode resolve(String ref) {
    return spec.at(ref.substring(1));
  }

  private JsonSchema compile(JsonNode schema) {
    ObjectNode root = JSON.createObjectNode();
    root.setAll((ObjectNode) schema.deepCopy());
    root.set("components", spec.get("components"));
    return SCHEMAS.getSchema(root);
  }
}
