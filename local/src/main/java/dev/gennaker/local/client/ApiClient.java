package dev.gennaker.local.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI's view of the hosted API. Where to and who: {@code --api}/{@code --token}, else {@code
 * GENNAKER_API}/{@code GENNAKER_TOKEN}, else the file {@code gennaker login} wrote, else the demo
 * credentials a {@code gennaker local} wrote in {@code .gennaker/local/}. Errors come back as the
 * problem documents' text.
 */
public final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path DEMO = Path.of(".gennaker/local/demo-credentials.json");

  /** A failure said in the API's own words; no stack trace. */
  public static final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient JsonNode problem;

    ApiException(int status, String message) {
      this(status, message, null);
    }

    ApiException(int status, String message, JsonNode problem) {
      super(message);
      this.status = status;
      this.problem = problem;
    }

    public int status() {
      return status;
    }

    /**
     * The API's problem document, or one made of the message for errors that never reached the API
     * (usage, connection).
     */
    public JsonNode problem() {
      if (problem != null && problem.isObject() && problem.size() > 0) {
        return problem;
      }
      return JSON.createObjectNode()
          .put("title", status == 0 ? "CLI error" : "HTTP " + status)
          .put("status", status)
          .put("detail", getMessage());
    }
  }

  private final URI api;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ApiClient(URI api, String token) {
    this.api = api;
    this.token = token;
  }

  public static ApiClient from(Optional<String> api, Optional<String> token) {
    Map<String, String> env = System.getenv();
    String url = api.orElse(env.getOrDefault("GENNAKER_API", ""));
    String key = token.orElse(env.getOrDefault("GENNAKER_TOKEN", ""));
    Path login = loginFile();
    if ((url.isBlank() || key.isBlank()) && Files.exists(login)) {
      try {
        JsonNode saved = JSON.readTree(login.toFile());
        url = url.isBlank() ? saved.path("api").asText() : url;
        key = key.isBlank() ? saved.path("token").asText() : key;
      } catch (IOException e) {
        throw new ApiException(0, "cannot read " + login + ": " + e.getMessage());
      }
    }
    if ((url.isBlank() || key.isBlank()) && Files.exists(DEMO)) {
      try {
        JsonNode demo = JSON.readTree(DEMO.toFile());
        url = url.isBlank() ? demo.path("apiUrl").asText() : url;
        key = key.isBlank() ? demo.path("apiKey").asText() : key;
      } catch (IOException e) {
        throw new ApiException(0, "cannot read " + DEMO + ": " + e.getMessage());
      }
    }
    if (url.isBlank()) {
      throw new ApiException(
          0, "no API to talk to: pass --api or set GENNAKER_API (or run ./gennaker local here)");
    }
    if (key.isBlank()) {
      throw new ApiException(0, "no API key: pass --token or set GENNAKER_TOKEN");
    }
    return new ApiClient(URI.create(url.endsWith("/") ? url : url + "/"), key);
  }

  /** Where {@code gennaker login} keeps the API and key ({@code GENNAKER_CONFIG} overrides). */
  public static Path loginFile() {
    String configured = System.getenv("GENNAKER_CONFIG");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("gennaker").resolve("config.json");
  }

  public URI api() {
    return api;
  }

  public JsonNode get(String path) {
    return send(HttpRequest.newBuilder(api.resolve(path)).GET(), path);
  }

  public JsonNode post(String path, JsonNode body) {
    try {
      return send(
          HttpRequest.newBuilder(api.resolve(path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
          path);
    } catch (IOException e) {
      throw new ApiException(0, e.getMessage());
    }
  }

  public JsonNode send(String method, String path, String contentType, byte[] body) {
    return send(
        HttpRequest.newBuilder(api.resolve(path))
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body)),
        path);
  }

  private JsonNode send(HttpRequest.Builder request, String path) {
    HttpResponse<String> r;
    try {
      r =
          http.send(
              request
                  .header("Authorization", "Bearer " + token)
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new ApiException(0, "cannot reach " + api + " (is it running?)");
    } catch (IOException e) {
      throw new ApiException(0, "talking to " + api + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(0, "interrupted");
    }
    JsonNode body;
    try {
      body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new ApiException(r.statusCode(), "unexpected answer from " + path + ": " + r.body());
    }
    if (r.statusCode() >= 400) {
      StringBuilder m = new StringBuilder(body.path("detail").asText(body.path("title").asText()));
      for (JsonNode e : body.path("errors")) {
        m.append("\n  ")
            .append(e.has("line") ? "line " + e.get("line").asInt() + ": " : "")
            .append(e.path("path").asText())
            .append(": ")
            .append(e.path("message").asText());
      }
      throw new ApiException(r.statusCode(), m.toString(), body);
    }
    return body;
  }
}
