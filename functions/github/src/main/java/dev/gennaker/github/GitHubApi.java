package dev.gennaker.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.core.secret.SecretRef;
import dev.gennaker.core.secret.SecretStore;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.store.StoreUnavailableException;
import dev.gennaker.core.tenant.TenantId;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The few GitHub REST API calls triggers need: the contents API (a folder listing, a file at a
 * commit), the compare API (changed files between two commits) and commit statuses. The base URL is
 * configurable for GitHub Enterprise Server ({@code https://ghe.example.com/api/v3}). Calls
 * authenticate with the tenant's {@code github-token} secret when it exists (a personal access
 * token or a GitHub App installation token kept fresh by the tenant's onboarding), anonymously
 * otherwise (public repositories).
 *
 * <p>Errors: GitHub unreachable, 5xx or rate limited (403/429 with rate-limit headers) is {@link
 * StoreUnavailableException} (retry later); any other refusal is {@link GitHubApiException} with
 * the status and GitHub's message, never the token. Thread-safe.
 */
public final class GitHubApi {
  /** GitHub.com's API. */
  public static final URI PUBLIC_API = URI.create("https://api.github.com");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  private static final int COMPARE_PAGE = 100;
  private static final int COMPARE_MAX_PAGES = 30;

  private final URI base;
  private final SecretStore secrets;
  private final HttpClient http;
  private final Duration timeout;

  public GitHubApi(URI base, SecretStore secrets) {
    this(base, secrets, Duration.ofSeconds(10));
  }

  public GitHubApi(URI base, SecretStore secrets, Duration timeout) {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    this.secrets = secrets;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /** GitHub refused a request for a reason retrying will not fix. */
  public static final class GitHubApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    GitHubApiException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** One entry of a folder listing. */
  public record Entry(String type, String name, String path) {}

  /** The entries of {@code folder} at {@code ref}; empty when the folder does not exist. */
  public List<Entry> folder(TenantId tenant, String repository, String ref, String folder) {
    Optional<JsonNode> body = getOrAbsent(tenant, contentsPath(repository, folder, ref));
    if (body.isEmpty() || !body.get().isArray()) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    for (JsonNode e : body.get()) {
      out.add(new Entry(e.path("type").asText(), e.path("name").asText(), e.path("path").asText()));
    }
    return out;
  }

  /** A file's text at {@code ref}, or empty when there is no such file. */
  public Optional<String> file(TenantId tenant, String repository, String ref, String path) {
    Optional<JsonNode> body = getOrAbsent(tenant, contentsPath(repository, path, ref));
    if (body.isEmpty()
        || !body.get().isObject()
        || !"file".equals(body.get().path("type").asText())) {
      return Optional.empty();
    }
    JsonNode content = body.get().path("content");
    if (!"base64".equals(body.get().path("encoding").asText()) || !content.isTextual()) {
      // files over 1 MB come without content; pipeline files are far smaller
      throw new GitHubApiException(
          200,
          "GitHub sent " + path + " without its content (larger than the contents API serves)");
    }
    byte[] bytes = Base64.getMimeDecoder().decode(content.asText());
    return Optional.of(new String(bytes, StandardCharsets.UTF_8));
  }

  /** Paths changed between {@code base} and {@code head} (renames give both names). */
  public List<String> changedPaths(TenantId tenant, String repository, String base, String head) {
    Set<String> paths = new LinkedHashSet<>();
    for (int page = 1; page <= COMPARE_MAX_PAGES; page++) {
      JsonNode body =
          getOrAbsent(
                  tenant,
                  "/repos/"
                      + repo(repository)
                      + "/compare/"
                      + enc(base)
                      + "..."
                      + enc(head)
                      + "?per_page="
                      + COMPARE_PAGE
                      + "&page="
                      + page)
              .orElseThrow(
                  () ->
                      new GitHubApiException(
                          404,
                          "GitHub cannot compare " + base + "..." + head + " in " + repository));
      JsonNode files = body.path("files");
      for (JsonNode f : files) {
        paths.add(f.path("filename").asText());
        if (f.hasNonNull("previous_filename")) {
          paths.add(f.path("previous_filename").asText());
        }
      }
      if (files.size() < COMPARE_PAGE) {
        break;
      }
    }
    return List.copyOf(paths);
  }

  /**
   * Sets a commit status.
   *
   * @param state {@code pending}, {@code success}, {@code failure} or {@code error}
   * @param targetUrl a link, or null
   */
  public void status(
      TenantId tenant,
      String repository,
      String sha,
      String state,
      String context,
      String description,
      String targetUrl) {
    ObjectNode body = JSON.createObjectNode();
    body.put("state", state);
    body.put("context", context);
    body.put(
        "description",
        description.length() <= 140 ? description : description.substring(0, 139) + "…");
    if (targetUrl != null) {
      body.put("target_url", targetUrl);
    }
    HttpRequest.Builder request =
        request(tenant, "/repos/" + repo(repository) + "/statuses/" + enc(sha))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    HttpResponse<String> response = send(request.build());
    if (response.statusCode() != 201 && response.statusCode() != 200) {
      throw refused(response, "setting status " + context + " on " + sha);
    }
  }

  private Optional<JsonNode> getOrAbsent(TenantId tenant, String pathAndQuery) {
    HttpResponse<String> response = send(request(tenant, pathAndQuery).GET().build());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw refused(response, "reading " + pathAndQuery.replaceAll("\\?.*", ""));
    }
    try {
      return Optional.of(JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new StoreUnavailableException("GitHub answered with malformed JSON", e);
    }
  }

  private HttpRequest.Builder request(TenantId tenant, String pathAndQuery) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .timeout(timeout)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .header("User-Agent", "gennaker");
    Optional<SecretValue> token = secrets.get(new SecretRef(tenant, "github-token"));
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t.reveal()));
    return b;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new StoreUnavailableException(
          "GitHub is unreachable: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while calling GitHub", e);
    }
  }

  private static RuntimeException refused(HttpResponse<String> response, String what) {
    int status = response.statusCode();
    String message = "";
    try {
      message = JSON.readTree(response.body()).path("message").asText("");
    } catch (IOException | RuntimeException e) {
      // not JSON: the status says enough
    }
    boolean rateLimited =
        (status == 403 || status == 429)
            && (response.headers().firstValue("retry-after").isPresent()
                || "0".equals(response.headers().firstValue("x-ratelimit-remaining").orElse("")));
    String text =
        "GitHub answered " + status + " " + what + (message.isEmpty() ? "" : ": " + message);
    if (status >= 500 || rateLimited) {
      return new StoreUnavailableException(text, null);
    }
    return new GitHubApiException(status, text);
  }

  private static String contentsPath(String repository, String path, String ref) {
    StringBuilder p = new StringBuilder("/repos/").append(repo(repository)).append("/contents");
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        p.append('/').append(enc(segment));
      }
    }
    return p.append("?ref=").append(enc(ref)).toString();
  }

  private static String repo(String repository) {
    if (!REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException("not a GitHub repository (owner/name): " + repository);
    }
    return repository;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
