package dev.gennaker.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.Problem;
import dev.gennaker.core.tenant.ApiKeys;
import dev.gennaker.core.tenant.Role;
import java.io.IOException;

/** What every tenant route does with a request first: who calls, and the JSON body. */
public final class Requests {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiKeys keys;
  private final RateLimiter limiter;

  public Requests(ApiKeys keys, RateLimiter limiter) {
    this.keys = keys;
    this.limiter = limiter;
  }

  /** The caller of a tenant route: authenticated (401), within its rate (429), in role (403). */
  public Caller caller(HttpRequest request, Role needed) {
    Caller caller = Caller.authenticate(request, keys);
    limiter.acquire(caller.tenant());
    return caller.require(needed);
  }

  /** The body as a JSON object (415 for another media type, 400 for anything not an object). */
  public static JsonNode jsonObject(HttpRequest request) {
    if (!request.contentType().equals("application/json")) {
      throw Problem.unsupportedMediaType("send application/json");
    }
    return parse(request);
  }

  /** The body as a JSON object, whatever media type the sender declared (agents' routes). */
  public static JsonNode parse(HttpRequest request) {
    try {
      JsonNode node = JSON.readTree(request.body());
      if (node == null || !node.isObject()) {
        throw Problem.badRequest("the body must be a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw Problem.badRequest("the body is not valid JSON");
    }
  }
}
