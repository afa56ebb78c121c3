package dev.gennaker.agent.controlplane;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@link ControlPlane} over HTTPS with JSON, as documented in {@code docs/agent-protocol.md}.
 * Authenticates with {@code Authorization: Bearer <agent credential>}; never logs the token or the
 * credential.
 */
public final class HttpControlPlane implements ControlPlane {

  static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final URI base;
  private final HttpClient http;
  private final Duration requestTimeout;
  private volatile String credential;

  /**
   * @param base control-plane URL, e.g. {@code https://api.gennaker.dev/}
   * @param requestTimeout timeout of one ordinary request (long-polls add their wait)
   */
  public HttpControlPlane(URI base, Duration requestTimeout) {
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    this.requestTimeout = requestTimeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(requestTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public Registration register(RegistrationRequest request) {
    HttpResponse<String> response = send(post("v1/agent/register", request, false), requestTimeout);
    if (response.statusCode() == 401
        || response.statusCode() == 403
        || response.statusCode() == 409
        || response.statusCode() == 410) {
      throw new RegistrationRefusedException(
          "registration token refused by the control plane ("
              + response.statusCode()
              + "): "
              + problem(response));
    }
    check(response);
    return read(response.body(), new TypeReference<Registration>() {});
  }

  @Override
  public void useCredential(String credential) {
    this.credential = credential;
  }

  @Override
  public List<Command> receiveCommands(Duration wait) {
    HttpRequest request =
        authorized(
                "v1/agent/commands?waitSeconds="
                    + URLEncoder.encode(String.valueOf(wait.toSeconds()), StandardCharsets.UTF_8))
            .GET()
            .timeout(requestTimeout.plus(wait))
            .build();
    HttpResponse<String> response = send(request, requestTimeout.plus(wait));
    if (response.statusCode() == 204) {
      return List.of();
    }
    check(response);
    Map<String, List<Command>> body =
        read(response.body(), new TypeReference<Map<String, List<Command>>>() {});
    return body.getOrDefault("commands", List.of());
  }

  @Override
  public void postResult(CommandResult result) {
    check(
        send(
            post("v1/agent/commands/" + encode(result.commandId()) + "/result", result, true),
            requestTimeout));
  }

  @Override
  public void heartbeat(Heartbeat heartbeat) {
    check(send(post("v1/agent/heartbeat", heartbeat, true), requestTimeout));
  }

  @Override
  public void postEvents(List<AgentEvent> events) {
    check(send(post("v1/agent/events", Map.of("events", events), true), requestTimeout));
  }

  @Override
  public void postInventory(Inventory inventory) {
    check(send(post("v1/agent/inventory", inventory, true), requestTimeout));
  }

  /** Fetches a manifest blob by reference ({@code GET /v1/agent/blobs/{ref}}). */
  public String fetchBlob(String ref) {
    HttpResponse<String> response =
        send(authorized("v1/agent/blobs/" + encode(ref)).GET().build(), requestTimeout);
    check(response);
    return response.body();
  }

  private HttpRequest post(String path, Object body, boolean authorized) {
    HttpRequest.Builder b =
        authorized
            ? authorized(path)
            : HttpRequest.newBuilder(base.resolve(path)).timeout(requestTimeout);
    try {
      return b.header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
          .build();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode " + body.getClass().getSimpleName(), e);
    }
  }

  private HttpRequest.Builder authorized(String path) {
    String c = credential;
    if (c == null) {
      throw new UnauthorizedException("the agent has no credential yet: register first");
    }
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(requestTimeout)
        .header("Authorization", "Bearer " + c)
        .header("Accept", "application/json");
  }

  private HttpResponse<String> send(HttpRequest request, Duration timeout) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ControlPlaneUnavailableException(
          "control plane unreachable: "
              + request.method()
              + " "
              + request.uri().getPath()
              + ": "
              + e,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlPlaneUnavailableException("interrupted", e);
    }
  }

  private static void check(HttpResponse<String> response) {
    int code = response.statusCode();
    if (code >= 200 && code < 300) {
      return;
    }
    String where = response.request().method() + " " + response.request().uri().getPath();
    if (code == 401 || code == 403) {
      throw new UnauthorizedException(
          "control plane refused the agent credential on " + where + ": " + problem(response));
    }
    if (code == 429 || code >= 500) {
      throw new ControlPlaneUnavailableException(
          "control plane answered " + code + " on " + where + ": " + problem(response), null);
    }
    throw new ControlPlaneException(
        "control plane answered " + code + " on " + where + ": " + problem(response), null);
  }

  /** The {@code detail} (or {@code message}) of a problem document, else the status code. */
  private static String problem(HttpResponse<String> response) {
    try {
      JsonNode body = JSON.readTree(response.body());
      for (String field : List.of("detail", "message", "title")) {
        if (body.hasNonNull(field)) {
          return body.get(field).asText();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not JSON: fall through to the status code.
    }
    return "HTTP " + response.statusCode();
  }

  private static <T> T read(String body, TypeReference<T> type) {
    try {
      return JSON.readValue(body, type);
    } catch (IOException e) {
      throw new ControlPlaneException("unreadable answer from the control plane", e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
