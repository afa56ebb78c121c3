package dev.gennaker.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The few Slack Web API methods Gennaker calls, through the Slack SDK, with retries: a {@code 429}
 * is retried after its {@code Retry-After} (capped), a transport failure or a {@code 5xx} after an
 * exponential backoff, up to {@link Retries#maxAttempts}. Slack's own refusals ({@code ok: false},
 * e.g. {@code channel_not_found}) are not retried. Every failure ends as a {@link
 * SlackDeliveryException}, whose message never contains a token.
 *
 * <p>The base URL is configurable ({@code https://slack.com/api/} in production) so tests talk to a
 * local stand-in. Thread-safe; blocking (callers decide on which thread).
 */
public final class SlackApi {
  private static final Logger LOG = Logger.getLogger(SlackApi.class.getName());

  /** How hard to try. {@code sleeper} is injectable so tests do not wait. */
  public record Retries(int maxAttempts, Duration firstBackoff, Duration maxWait, Sleeper sleeper) {
    public static Retries standard() {
      return new Retries(4, Duration.ofMillis(500), Duration.ofSeconds(30), Sleeper.REAL);
    }
  }

  /** Waits between attempts. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis());
  }

  /** A failed call: Slack refused ({@code error} is Slack's code) or could not be reached. */
  public static final class SlackDeliveryException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String error;

    SlackDeliveryException(String method, String error) {
      super("Slack " + method + " failed: " + error, null, false, false);
      this.error = error;
    }

    public String error() {
      return error;
    }
  }

  /** Where a posted message landed. */
  public record Posted(String channel, String ts) {}

  /** What {@code oauth.v2.access} gave for an installation: the bot token and its workspace. */
  public record Installation(String teamId, String teamName, String botToken, String scope) {
    @Override
    public String toString() {
      return "Installation[teamId=" + teamId + ", teamName=" + teamName + ", botToken=<redacted>]";
    }
  }

  private final Slack slack;
  private final Retries retries;
  private final String baseUrl;

  /**
   * @param baseUrl the Web API's base, ending in {@code /api/}
   */
  public SlackApi(String baseUrl, Retries retries) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    config.setStatsEnabled(false);
    config.getMethodsConfig().setStatsEnabled(false);
    config.setPrettyResponseLoggingEnabled(false);
    this.slack = Slack.getInstance(config);
    this.retries = retries;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
  }

  /**
   * Slack's web base, where people are sent to authorize an install ({@code https://slack.com/} for
   * the Web API base {@code https://slack.com/api/}).
   */
  public String webBaseUrl() {
    return baseUrl.endsWith("/api/")
        ? baseUrl.substring(0, baseUrl.length() - "api/".length())
        : baseUrl;
  }

  /**
   * Exchanges an OAuth {@code code} for the installation's bot token ({@code oauth.v2.access}).
   *
   * @throws SlackDeliveryException with Slack's error ({@code invalid_code}, {@code
   *     bad_client_secret}…) or when Slack cannot be reached
   */
  public Installation oauthAccess(String clientId, String clientSecret, String code) {
    var r =
        call(
            "oauth.v2.access",
            () ->
                slack
                    .methods()
                    .oauthV2Access(
                        b -> b.clientId(clientId).clientSecret(clientSecret).code(code)));
    if (r.getTeam() == null || r.getAccessToken() == null || !"bot".equals(r.getTokenType())) {
      throw new SlackDeliveryException("oauth.v2.access", "no bot token in the answer");
    }
    return new Installation(
        r.getTeam().getId(), r.getTeam().getName(), r.getAccessToken(), r.getScope());
  }

  public Posted postMessage(
      String token, String channel, String text, List<LayoutBlock> blocks, String threadTs) {
    var r =
        call(
            "chat.postMessage",
            () ->
                client(token)
                    .chatPostMessage(
                        b -> {
                          b.channel(channel).text(text).blocks(blocks);
                          if (threadTs != null) {
                            b.threadTs(threadTs);
                          }
                          return b;
                        }));
    return new Posted(r.getChannel(), r.getTs());
  }

  public void update(
      String token, String channel, String ts, String text, List<LayoutBlock> blocks) {
    call(
        "chat.update",
        () -> client(token).chatUpdate(b -> b.channel(channel).ts(ts).text(text).blocks(blocks)));
  }

  public void postEphemeral(String token, String channel, String user, String text) {
    call(
        "chat.postEphemeral",
        () -> client(token).chatPostEphemeral(b -> b.channel(channel).user(user).text(text)));
  }

  public void openView(String token, String triggerId, View view) {
    call("views.open", () -> client(token).viewsOpen(b -> b.triggerId(triggerId).view(view)));
  }

  /** The e-mail of a Slack user's profile (needs the {@code users:read.email} scope), or empty. */
  public Optional<String> userEmail(String token, String userId) {
    var r = call("users.info", () -> client(token).usersInfo(b -> b.user(userId)));
    return Optional.ofNullable(r.getUser())
        .map(u -> u.getProfile())
        .map(p -> p.getEmail())
        .filter(e -> !e.isBlank());
  }

  /** The Slack user id with this e-mail, or empty ({@code users_not_found}). */
  public Optional<String> userIdByEmail(String token, String email) {
    try {
      var r =
          call("users.lookupByEmail", () -> client(token).usersLookupByEmail(b -> b.email(email)));
      return Optional.ofNullable(r.getUser()).map(u -> u.getId());
    } catch (SlackDeliveryException e) {
      if ("users_not_found".equals(e.error())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Posts a message to an interaction's {@code response_url} (ephemeral answers, no token needed).
   */
  public void respond(String responseUrl, String json) {
    callRaw(
        "response_url",
        () -> {
          var r = slack.send(responseUrl, json);
          if (r.getCode() == 429) {
            throw new RateLimited(retryAfter(header(r.getHeaders(), "Retry-After")));
          }
          if (r.getCode() >= 500) {
            throw new IOException("HTTP " + r.getCode());
          }
          if (r.getCode() != 200) {
            throw new SlackDeliveryException(
                "response_url", "HTTP " + r.getCode() + " " + r.getBody());
          }
          return r;
        });
  }

  private static String header(java.util.Map<String, List<String>> headers, String name) {
    if (headers == null) {
      return null;
    }
    for (var h : headers.entrySet()) {
      if (h.getKey() != null && h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
        return h.getValue().get(0);
      }
    }
    return null;
  }

  private MethodsClient client(String token) {
    return slack.methods(token);
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws IOException, SlackApiException;
  }

  /** A 429 seen by {@link #respond}, to share the retry loop. */
  private static final class RateLimited extends IOException {
    private static final long serialVersionUID = 1L;
    final Duration wait;

    RateLimited(Duration wait) {
      super("rate limited", null);
      this.wait = wait;
    }
  }

  private <T extends SlackApiTextResponse> T call(String method, Call<T> call) {
    T response = callRaw(method, call);
    if (!response.isOk()) {
      throw new SlackDeliveryException(method, response.getError());
    }
    return response;
  }

  private <T> T callRaw(String method, Call<T> call) {
    Duration backoff = retries.firstBackoff();
    for (int attempt = 1; ; attempt++) {
      Duration wait;
      String why;
      try {
        return call.run();
      } catch (SlackApiException e) {
        int code = e.getResponse().code();
        if (code == 429) {
          wait = retryAfter(e.getResponse().header("Retry-After"));
          why = "rate limited";
        } else if (code >= 500) {
          wait = backoff;
          why = "HTTP " + code;
        } else {
          throw new SlackDeliveryException(method, "HTTP " + code);
        }
      } catch (RateLimited e) {
        wait = e.wait;
        why = "rate limited";
      } catch (IOException e) {
        wait = backoff;
        why = e.getClass().getSimpleName();
      }
      if (attempt >= retries.maxAttempts()) {
        throw new SlackDeliveryException(method, why + " after " + attempt + " attempts");
      }
      if (wait.compareTo(retries.maxWait()) > 0) {
        wait = retries.maxWait();
      }
      LOG.log(Level.FINE, "Slack " + method + ": " + why + ", retrying in " + wait);
      try {
        retries.sleeper().sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SlackDeliveryException(method, "interrupted");
      }
      backoff = backoff.multipliedBy(2);
    }
  }

  /** Slack's {@code Retry-After} is in seconds; absent or unreadable means one second. */
  static Duration retryAfter(String header) {
    if (header != null) {
      try {
        return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    return Duration.ofSeconds(1);
  }
}
