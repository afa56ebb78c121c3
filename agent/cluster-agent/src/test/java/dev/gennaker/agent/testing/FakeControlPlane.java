package dev.gennaker.agent.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gennaker.agent.controlplane.AgentEvent;
import dev.gennaker.agent.controlplane.Command;
import dev.gennaker.agent.controlplane.CommandResult;
import dev.gennaker.agent.controlplane.Heartbeat;
import dev.gennaker.agent.controlplane.Inventory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process control plane that implements the agent routes of {@code docs/agent-protocol.md}
 * over real HTTP, with SQS-like queue semantics: a delivered command becomes invisible for the
 * visibility timeout and is delivered again unless a result arrives. Records everything for
 * assertions. Test code only.
 */
public final class FakeControlPlane implements AutoCloseable {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final HttpServer server;
  private final Duration visibility;
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final Set<String> usedTokens = ConcurrentHashMap.newKeySet();
  private final Map<String, String> agentByToken = new ConcurrentHashMap<>();
  private final Map<String, String> agentByCredential = new ConcurrentHashMap<>();
  private final Map<String, List<Delivery>> queues = new ConcurrentHashMap<>();
  private final Map<String, CommandResult> results = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> resultPosts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
  private final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
  private final List<AgentEvent> events = new CopyOnWriteArrayList<>();
  private final List<Inventory> inventories = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
  private final Map<String, String> blobs = new ConcurrentHashMap<>();
  private final AtomicInteger failResultPosts = new AtomicInteger();
  private volatile boolean down;
  private final Set<String> missingRoutes = ConcurrentHashMap.newKeySet();

  private static final class Delivery {
    final Command command;
    volatile long visibleAtNanos;

    Delivery(Command command) {
      this.command = command;
    }
  }

  public FakeControlPlane(Duration visibility) throws IOException {
    this.visibility = visibility;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-control-plane");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/v1/agent/", this::handle);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Issues a one-time registration token. */
  public String issueToken() {
    String t = "reg-" + UUID.randomUUID();
    tokens.add(t);
    return t;
  }

  /** The agent id that registered with {@code token}, once it has. */
  public String agentFor(String token) {
    return agentByToken.get(token);
  }

  public void enqueue(String agentId, Command command) {
    queues.computeIfAbsent(agentId, a -> new CopyOnWriteArrayList<>()).add(new Delivery(command));
  }

  public void putBlob(String ref, String content) {
    blobs.put(ref, content);
  }

  public CommandResult result(String commandId) {
    return results.get(commandId);
  }

  public int resultPosts(String commandId) {
    AtomicInteger n = resultPosts.get(commandId);
    return n == null ? 0 : n.get();
  }

  public int deliveries(String commandId) {
    AtomicInteger n = deliveries.get(commandId);
    return n == null ? 0 : n.get();
  }

  public List<Heartbeat> heartbeats() {
    return heartbeats;
  }

  public List<AgentEvent> events() {
    return events;
  }

  public List<Inventory> inventories() {
    return inventories;
  }

  /** Requests served per route ("POST /v1/agent/heartbeat", "GET /v1/agent/commands", …). */
  public long requests(String route) {
    AtomicLong n = requests.get(route);
    return n == null ? 0 : n.get();
  }

  public long totalRequests() {
    return requests.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** The next {@code n} result posts answer 503, as an overloaded API would. */
  public void failNextResultPosts(int n) {
    failResultPosts.set(n);
  }

  /** Makes a route answer 404, as a control plane that does not serve it yet would. */
  public void removeRoute(String path) {
    missingRoutes.add(path);
  }

  /** While down every route answers 503. */
  public void setDown(boolean down) {
    this.down = down;
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    String route =
        method
            + " "
            + (path.startsWith("/v1/agent/commands/") ? "/v1/agent/commands/{id}/result" : path);
    requests.computeIfAbsent(route, r -> new AtomicLong()).incrementAndGet();
    try {
      if (down) {
        send(ex, 503, Map.of("title", "unavailable", "detail", "control plane is down (test)"));
        return;
      }
      if (missingRoutes.contains(path)) {
        send(ex, 404, Map.of("title", "not found", "detail", "no route " + path));
        return;
      }
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (path.equals("/v1/agent/register") && method.equals("POST")) {
        register(ex, body);
        return;
      }
      String agent = authenticate(ex);
      if (agent == null) {
        send(ex, 401, Map.of("title", "unauthorized", "detail", "unknown agent credential"));
        return;
      }
      if (path.equals("/v1/agent/commands") && method.equals("GET")) {
        poll(ex, agent);
      } else if (path.startsWith("/v1/agent/commands/") && path.endsWith("/result")) {
        CommandResult r = JSON.readValue(body, CommandResult.class);
        resultPosts.computeIfAbsent(r.commandId(), k -> new AtomicInteger()).incrementAndGet();
        if (failResultPosts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          send(ex, 503, Map.of("title", "unavailable", "detail", "try again"));
          return;
        }
        results.putIfAbsent(r.commandId(), r);
        List<Delivery> q = queues.getOrDefault(agent, List.of());
        q.removeIf(d -> d.command.id().equals(r.commandId()));
        send(ex, 200, Map.of("acknowledged", true));
      } else if (path.equals("/v1/agent/heartbeat")) {
        heartbeats.add(JSON.readValue(body, Heartbeat.class));
        send(ex, 204, null);
      } else if (path.equals("/v1/agent/events")) {
        JsonNode node = JSON.readTree(body);
        for (JsonNode e : node.path("events")) {
          events.add(JSON.treeToValue(e, AgentEvent.class));
        }
        send(ex, 204, null);
      } else if (path.equals("/v1/agent/inventory")) {
        inventories.add(JSON.readValue(body, Inventory.class));
        send(ex, 204, null);
      } else if (path.startsWith("/v1/agent/blobs/")) {
        String blob = blobs.get(path.substring("/v1/agent/blobs/".length()));
        if (blob == null) {
          send(ex, 404, Map.of("title", "not found"));
        } else {
          byte[] bytes = blob.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
          }
        }
      } else {
        send(ex, 404, Map.of("title", "no such route"));
      }
    } catch (RuntimeException e) {
      send(ex, 500, Map.of("title", "fake control plane error", "detail", String.valueOf(e)));
    }
  }

  private void register(HttpExchange ex, String body) throws IOException {
    JsonNode req = JSON.readTree(body);
    String token = req.path("registrationToken").asText();
    if (!tokens.contains(token)) {
      send(
          ex,
          401,
          Map.of(
              "title",
              "unknown registration token",
              "detail",
              "the registration token is unknown or expired"));
      return;
    }
    if (!usedTokens.add(token)) {
      send(
          ex,
          409,
          Map.of(
              "title",
              "registration token already used",
              "detail",
              "this registration token has already been used by another agent"));
      return;
    }
    String agentId = "agent-" + UUID.randomUUID().toString().substring(0, 8);
    String credential = "cred-" + UUID.randomUUID();
    agentByToken.put(token, agentId);
    agentByCredential.put(credential, agentId);
    send(ex, 200, Map.of("agentId", agentId, "credential", credential));
  }

  private String authenticate(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    if (h == null || !h.startsWith("Bearer ")) {
      return null;
    }
    return agentByCredential.get(h.substring("Bearer ".length()));
  }

  private void poll(HttpExchange ex, String agent) throws IOException {
    String q = ex.getRequestURI().getQuery();
    long waitSeconds = 1;
    if (q != null && q.startsWith("waitSeconds=")) {
      waitSeconds = Long.parseLong(q.substring("waitSeconds=".length()));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(Math.min(waitSeconds, 20)).toNanos();
    while (true) {
      List<Command> out = new ArrayList<>();
      long now = System.nanoTime();
      for (Delivery d : queues.getOrDefault(agent, List.of())) {
        synchronized (d) {
          if (d.visibleAtNanos <= now) {
            d.visibleAtNanos = now + visibility.toNanos();
            deliveries.computeIfAbsent(d.command.id(), k -> new AtomicInteger()).incrementAndGet();
            out.add(d.command);
          }
        }
      }
      if (!out.isEmpty() || System.nanoTime() >= deadline) {
        send(ex, 200, Map.of("commands", out));
        return;
      }
      try {
        Thread.sleep(20); // long-poll granularity of the fake, not a test wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void send(HttpExchange ex, int code, Object body) throws IOException {
    if (body == null) {
      ex.sendResponseHeaders(code, -1);
      ex.close();
      return;
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders()
        .set("Content-Type", code >= 400 ? "application/problem+json" : "application/json");
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
