package dev.gennaker.core.pipeline.stage;

import dev.gennaker.core.yaml.Fields;
import dev.gennaker.core.yaml.YamlNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code webhook}: calls a URL and optionally waits for a callback.
 *
 * @param headers header values, each either text or a reference to a tenant secret
 * @param body the request body (JSON; may hold expressions)
 * @param expectStatus the statuses that count as success (any 2xx when empty)
 * @param waitForCallback whether the stage waits for a call to its callback URL
 * @param callbackTimeout how long it waits for the callback (1h when absent)
 */
public record WebhookSpec(
    String url,
    String method,
    Map<String, HeaderValue> headers,
    Object body,
    List<Integer> expectStatus,
    boolean waitForCallback,
    Duration callbackTimeout)
    implements StageSpec {

  public static final Duration DEFAULT_CALLBACK_TIMEOUT = Duration.ofHours(1);
  static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

  /**
   * A header's value: literal text, or the name of a tenant secret resolved when the call is made
   * (never stored in the execution).
   */
  public record HeaderValue(String value, String secret) {}

  /** The stage type. */
  public static final class Type implements StageType<WebhookSpec> {
    @Override
    public String kind() {
      return "webhook";
    }

    @Override
    public Class<WebhookSpec> specType() {
      return WebhookSpec.class;
    }

    @Override
    public Set<String> fields() {
      return Set.of(
          "url", "method", "headers", "body", "expectStatus", "waitForCallback", "callbackTimeout");
    }

    @Override
    public Set<String> outputs() {
      return Set.of("status", "body");
    }

    @Override
    public WebhookSpec read(SpecReader with) {
      var f = with.fields();
      var d = with.diagnostics();
      String url = f.requiredString("url");
      if (url != null && !SpecReader.isTemplate(url)) {
        checkUrl(url, f.node("url"), d);
      }
      Map<String, HeaderValue> headers =
          f.map(
              "headers",
              node -> {
                if (node instanceof YamlNode.Scalar s && s.value() instanceof String text) {
                  return new HeaderValue(text, null);
                }
                var secret = Fields.of(node, d, "a header value", Set.of("secret"));
                return secret
                    .map(s -> new HeaderValue(null, s.requiredString("secret")))
                    .orElse(null);
              });
      List<Integer> statuses =
          f.list(
              "expectStatus",
              node -> {
                Long code = Fields.asInteger(node, "expectStatus", 100, 599, d);
                return code == null ? null : code.intValue();
              });
      boolean wait = f.bool("waitForCallback", false);
      Duration callbackTimeout = with.duration("callbackTimeout", false);
      if (callbackTimeout != null && !wait) {
        d.error(f.node("callbackTimeout"), "\"callbackTimeout\" needs \"waitForCallback: true\"");
      }
      return new WebhookSpec(
          url,
          with.choice("method", METHODS, "POST"),
          headers,
          f.value("body"),
          statuses,
          wait,
          wait && callbackTimeout == null ? DEFAULT_CALLBACK_TIMEOUT : callbackTimeout);
    }

    private static void checkUrl(String url, YamlNode node, dev.gennaker.core.yaml.Diagnostics d) {
      try {
        URI uri = new URI(url);
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())
            || uri.getHost() == null) {
          d.error(node, "\"url\" must be an absolute http(s) URL, found \"" + url + "\"");
        }
      } catch (URISyntaxException e) {
        d.error(node, "\"url\" is not a valid URL: " + e.getReason());
      }
    }
  }
}
