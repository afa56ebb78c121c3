package dev.gennaker.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Slack's Web API (and interaction {@code response_url}s) on a local port: records
 * every call and answers in Slack's response shapes ({@code ok}, {@code ts}, {@code channel},
 * {@code error}; {@code 429} with {@code Retry-After} when told to). For tests of this module and,
 * through its test-jar, end-to-end and portal tests.
 *
 * <p>Methods: {@code chat.postMessage}, {@code chat.update}, {@code chat.postEphemeral}, {@code
 * views.open}, {@code users.info}, {@code users.lookupByEmail}, {@code auth.test}, and {@code
 * oauth.v2.access} for the app given by {@link #oauthApp} (client credentials as HTTP Basic or form
 * fields; each code of {@link #oauthCode} works once and installs the stand-in's bot token).
 * Thread-safe.
 */
public final class SlackStandIn implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One recorded call: the method (or {@code response_url}), its parameters and raw body. */
  public record Call(String method, Map<String, String> params, String body, String authorization) {
    public String param(String name) {
      return params.get(name);
    }

    /** A parameter holding JSON (blocks, view), parsed. */
    public JsonNode json(String name) {
      try {
        return JSON.readTree(params.get(name));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A Slack user the stand-in knows. */
  public record User(String id, String teamId, String name, String email) {}

  private final HttpServer server;
  private final String token;
  private final List<Call> calls = new ArrayList<>();
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Map<String, String> messages = new ConcurrentHashMap<>();
  private final Map<String, List<Integer>> rateLimits = new HashMap<>();
  private final Map<String, List<String>> errors = new HashMap<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private volatile String[] oauthApp;
  private final Map<String, String[]> oauthCodes = new ConcurrentHashMap<>();

  private SlackStandIn(String token) throws IOException {
    this.token = token;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(
        java.util.concurrent.Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "slack-stand-in");
              t.setDaemon(true);
              return t;
            }));
    server.start();
  }

  /** Starts a stand-in that accepts the bot token {@code token}. */
  public static SlackStandIn start(String token) {
    try {
      return new SlackStandIn(token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Web API base URL to configure ({@code …/api/}). */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
  }

  /** A {@code response_url} for an interaction payload; posts to it are recorded as such. */
  public String responseUrl(String id) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/actions/" + id;
  }

  public SlackStandIn user(User user) {
    users.put(user.id(), user);
    return this;
  }

  /** The app whose client id and secret {@code oauth.v2.access} accepts. */
  public SlackStandIn oauthApp(String clientId, String clientSecret) {
    oauthApp = new String[] {clientId, clientSecret};
    return this;
  }

  /**
   * A code that {@code oauth.v2.access} exchanges once, installing into workspace {@code teamId}.
   */
  public SlackStandIn oauthCode(String code, String teamId, String teamName) {
    oauthCodes.put(code, new String[] {teamId, teamName});
    return this;
  }

  /** The next {@code times} calls of {@code method} answer 429 with {@code Retry-After}. */
  public synchronized void rateLimitNext(String method, int times, int retryAfterSeconds) {
    List<Integer> l = rateLimits.computeIfAbsent(method, k -> new ArrayList<>());
    for (int i = 0; i < times; i++) {
      l.add(retryAfterSeconds);
    }
  }

  /** The next call of {@code method} answers {@code ok: false} with {@code error}. */
  public synchronized void failNext(String method, String error) {
    errors.computeIfAbsent(method, k -> new ArrayList<>()).add(error);
  }

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  public synchronized List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  /** Waits (polling, with a deadline) until {@code method} was called {@code n} times. */
  public List<Call> awaitCalls(String method, int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Call> c = calls(method);
      if (c.size() >= n) {
        return c;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "expected "
                + n
                + " calls of "
                + method
                + " within "
                + timeout
                + ", got "
                + c.size()
                + ": "
                + calls());
      }
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
    }
  }

  public synchronized void clear() {
    calls.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getPath();
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String contentType = String.valueOf(x.getRequestHeaders().getFirst("Content-Type"));
      Map<String, String> params =
          contentType.startsWith("application/json") ? jsonParams(body) : form(body);
      String auth = x.getRequestHeaders().getFirst("Authorization");
      if (path.startsWith("/actions/")) {
        record(new Call("response_url", params, body, auth));
        Integer limited = nextRateLimit("response_url");
        if (limited != null) {
          x.getResponseHeaders().add("Retry-After", Integer.toString(limited));
          send(x, 429, "text/plain", "rate limited");
          return;
        }
        send(x, 200, "text/html", "ok");
        return;
      }
      if (!path.startsWith("/api/")) {
        send(x, 404, "text/plain", "not found");
        return;
      }
      String method = path.substring("/api/".length());
      String presented =
          auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : params.get("token");
      record(new Call(method, params, body, auth));
      Integer limited = nextRateLimit(method);
      if (limited != null) {
        x.getResponseHeaders().add("Retry-After", Integer.toString(limited));
        send(x, 429, "application/json", "{\"ok\":false,\"error\":\"ratelimited\"}");
        return;
      }
      ObjectNode answer = JSON.createObjectNode();
      String error = nextError(method);
      if (method.equals("oauth.v2.access")) {
        if (error == null) {
          error = oauthAccess(auth, params, answer);
        }
      } else {
        if (error == null && !token.equals(presented)) {
          error = presented == null ? "not_authed" : "invalid_auth";
        }
        if (error == null) {
          error = answer(method, params, answer);
        }
      }
      if (error != null) {
        answer.removeAll();
        answer.put("ok", false);
        answer.put("error", error);
      } else {
        answer.put("ok", true);
      }
      send(x, 200, "application/json; charset=utf-8", answer.toString());
    }
  }

  /** Fills a successful answer, or returns Slack's error code. */
  private String answer(String method, Map<String, String> p, ObjectNode a) {
    switch (method) {
      case "chat.postMessage":
        {
          String channel = channelId(p.get("channel"));
          if (channel == null) {
            return "channel_not_found";
          }
          String ts = "1763805600." + String.format("%06d", sequence.incrementAndGet());
          messages.put(channel + "/" + ts, p.getOrDefault("text", ""));
          a.put("channel", channel);
          a.put("ts", ts);
          ObjectNode m = a.putObject("message");
          m.put("type", "message");
          m.put("text", p.getOrDefault("text", ""));
          m.put("ts", ts);
          return null;
        }
      case "chat.update":
        {
          String key = p.get("channel") + "/" + p.get("ts");
          if (!messages.containsKey(key)) {
            return "message_not_found";
          }
          messages.put(key, p.getOrDefault("text", ""));
          a.put("channel", p.get("channel"));
          a.put("ts", p.get("ts"));
          a.put("text", p.getOrDefault("text", ""));
          return null;
        }
      case "chat.postEphemeral":
        a.put("message_ts", "1763805600." + String.format("%06d", sequence.incrementAndGet()));
        return null;
      case "views.open":
        {
          if (p.get("trigger_id") == null) {
            return "invalid_arguments";
          }
          ObjectNode v = a.putObject("view");
          v.put("id", "V" + String.format("%08d", sequence.incrementAndGet()));
          v.put("type", "modal");
          return null;
        }
      case "users.info":
        {
          User u = users.get(p.get("user"));
          if (u == null) {
            return "user_not_found";
          }
          a.set("user", userJson(u));
          return null;
        }
      case "users.lookupByEmail":
        {
          for (User u : users.values()) {
            if (u.email() != null && u.email().equalsIgnoreCase(p.get("email"))) {
              a.set("user", userJson(u));
              return null;
            }
          }
          return "users_not_found";
        }
      case "auth.test":
        a.put("team_id", "T0STANDIN");
        a.put("user_id", "U0GENNAKER");
        return null;
      default:
        return "unknown_method";
    }
  }

  /** {@code oauth.v2.access}, answered in Slack's shape; returns Slack's error code or null. */
  private String oauthAccess(String auth, Map<String, String> p, ObjectNode a) {
    String clientId = p.get("client_id");
    String clientSecret = p.get("client_secret");
    if (auth != null && auth.startsWith("Basic ")) {
      String[] pair =
          new String(
                  java.util.Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8)
              .split(":", 2);
      clientId = pair[0];
      clientSecret = pair.length > 1 ? pair[1] : "";
    }
    String[] app = oauthApp;
    if (app == null || !app[0].equals(clientId)) {
      return "invalid_client_id";
    }
    if (!app[1].equals(clientSecret)) {
      return "bad_client_secret";
    }
    String[] team = p.get("code") == null ? null : oauthCodes.remove(p.get("code"));
    if (team == null) {
      return "invalid_code";
    }
    a.put("app_id", "A0GENNAKER1");
    ObjectNode user = a.putObject("authed_user");
    user.put("id", "U0INSTALLER");
    a.put("scope", "chat:write,chat:write.public,users:read,users:read.email");
    a.put("token_type", "bot");
    a.put("access_token", token);
    a.put("bot_user_id", "U0GENNAKER");
    ObjectNode t = a.putObject("team");
    t.put("id", team[0]);
    t.put("name", team[1]);
    a.putNull("enterprise");
    a.put("is_enterprise_install", false);
    return null;
  }

  private static ObjectNode userJson(User u) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", u.id());
    n.put("team_id", u.teamId());
    n.put("name", u.name());
    ObjectNode profile = n.putObject("profile");
    profile.put("real_name", u.name());
    if (u.email() != null) {
      profile.put("email", u.email());
    }
    return n;
  }

  private static String channelId(String channel) {
    if (channel == null || channel.isBlank()) {
      return null;
    }
    if (channel.startsWith("#")) {
      return "C" + Integer.toHexString(channel.hashCode()).toUpperCase(java.util.Locale.ROOT);
    }
    return channel;
  }

  private synchronized void record(Call c) {
    calls.add(c);
  }

  private synchronized Integer nextRateLimit(String method) {
    List<Integer> l = rateLimits.get(method);
    return l == null || l.isEmpty() ? null : l.remove(0);
  }

  private synchronized String nextError(String method) {
    List<String> l = errors.get(method);
    return l == null || l.isEmpty() ? null : l.remove(0);
  }

  private static Map<String, String> form(String body) {
    Map<String, String> m = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return m;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      m.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return m;
  }

  private static Map<String, String> jsonParams(String body) {
    Map<String, String> m = new LinkedHashMap<>();
    try {
      JsonNode n = JSON.readTree(body);
      n.fields()
          .forEachRemaining(
              e ->
                  m.put(
                      e.getKey(),
                      e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    } catch (IOException e) {
      // not JSON: recorded raw only
    }
    return m;
  }

  private static void send(HttpExchange x, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", type);
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
  }
}
