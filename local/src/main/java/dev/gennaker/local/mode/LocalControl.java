package dev.gennaker.local.mode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.agent.AgentMain;
import dev.gennaker.api.http.HttpFunction;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.api.http.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Local mode's own controls, under {@code /local/}, for rehearsing failures from outside the
 * process: {@code GET /local/agents} lists the agents local mode runs, {@code POST
 * /local/agents/{cluster}/kill} stops one abruptly, as a crashed pod, and starts it again after a
 * moment, as Kubernetes would. Only the demo admin's API key may call them. Nothing like it exists
 * on AWS: there the agents run in the users' clusters.
 */
final class LocalControl implements HttpFunction {
  private static final Logger LOG = Logger.getLogger("gennaker.local");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One supervised agent: how to start it, the running instance, how often it was restarted. */
  static final class Supervised {
    private final Supplier<AgentMain.Running> starter;
    private volatile AgentMain.Running running;
    private final AtomicInteger restarts = new AtomicInteger();
    private final java.util.List<AgentMain.Running> dead =
        new java.util.concurrent.CopyOnWriteArrayList<>();

    Supervised(Supplier<AgentMain.Running> starter) {
      this.starter = starter;
      this.running = starter.get();
    }

    AgentMain.Running running() {
      return running;
    }

    void close() {
      running.close();
      dead.forEach(d -> d.client().close());
    }
  }

  private final Map<String, Supervised> agents = new ConcurrentHashMap<>();
  private final Duration restartDelay;
  private volatile String adminKey = "";

  LocalControl(Duration restartDelay) {
    this.restartDelay = restartDelay;
  }

  void supervise(String cluster, Supervised agent) {
    agents.put(cluster, agent);
  }

  void adminKey(String key) {
    this.adminKey = key;
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    String presented = request.header("Authorization").orElse("");
    if (adminKey.isEmpty()
        || !MessageDigest.isEqual(
            presented.getBytes(StandardCharsets.UTF_8),
            ("Bearer " + adminKey).getBytes(StandardCharsets.UTF_8))) {
      return problem(401, "Unauthorized", "local controls take the demo admin's API key", request);
    }
    String[] parts = request.path().split("/");
    // "", "local", "agents", cluster?, action?
    if (parts.length == 3 && parts[2].equals("agents") && request.method().equals("GET")) {
      ObjectNode out = JSON.createObjectNode();
      ArrayNode list = out.putArray("agents");
      new TreeMap<>(agents).forEach((cluster, s) -> list.add(describe(cluster, s)));
      return HttpResponse.json(200, out.toString());
    }
    if (parts.length == 5
        && parts[2].equals("agents")
        && parts[4].equals("kill")
        && request.method().equals("POST")) {
      Supervised s = agents.get(parts[3]);
      if (s == null) {
        return problem(
            404, "No such agent", "local mode runs no agent for cluster " + parts[3], request);
      }
      return HttpResponse.json(200, kill(parts[3], s).toString());
    }
    return problem(
        404,
        "Not found",
        "local controls are GET /local/agents and POST /local/agents/{cluster}/kill",
        request);
  }

  private ObjectNode kill(String cluster, Supervised s) {
    AgentMain.Running victim = s.running;
    ObjectNode out = describe(cluster, s);
    // As a crash: commands are abandoned unacknowledged. The kube client stays open (see
    // Agent.killLeavingWatches) and is closed with local mode.
    victim.agent().killLeavingWatches();
    victim.health().close();
    s.dead.add(victim);
    LOG.info(
        "event=agent-killed cluster="
            + cluster
            + " commandsInFlight="
            + out.get("commandsInFlight").size()
            + " restartIn="
            + restartDelay.toMillis()
            + "ms");
    Thread restart =
        new Thread(
            () -> {
              try {
                Thread.sleep(restartDelay.toMillis());
                s.running = s.starter.get();
                s.restarts.incrementAndGet();
                LOG.info("event=agent-restarted cluster=" + cluster);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                LOG.warning(
                    "event=agent-restart-failed cluster="
                        + cluster
                        + " reason=\""
                        + e.getMessage()
                        + "\"");
              }
            },
            "gennaker-agent-restart-" + cluster);
    restart.setDaemon(true);
    restart.start();
    out.put("killed", true);
    return out;
  }

  private static ObjectNode describe(String cluster, Supervised s) {
    AgentMain.Running r = s.running;
    ObjectNode a = JSON.createObjectNode();
    a.put("cluster", cluster);
    a.put("state", r.agent().state().name());
    a.put("restarts", s.restarts.get());
    a.put("executions", r.agent().executions());
    a.put("duplicateDeliveries", r.agent().duplicateDeliveries());
    ArrayNode inFlight = a.putArray("commandsInFlight");
    r.agent().commandsInFlight().stream().sorted().forEach(inFlight::add);
    return a;
  }

  private static HttpResponse problem(
      int status, String title, String detail, HttpRequest request) {
    return new Problem(
            status,
            "https://gennaker.dev/problems/" + (status == 401 ? "unauthorized" : "not-found"),
            title,
            detail)
        .toResponse(request.path());
  }
}
