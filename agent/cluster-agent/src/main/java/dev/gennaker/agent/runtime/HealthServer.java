package dev.gennaker.agent.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The only port the agent listens on: {@code GET /healthz} (liveness: the loops are alive) and
 * {@code GET /readyz} (readiness: registered and in contact with the control plane). Both answer a
 * small JSON document with the agent's state and, when not ready, why.
 */
public final class HealthServer implements AutoCloseable {

  private final HttpServer server;

  public HealthServer(int port, Agent agent) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 16);
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "gennaker-agent-health");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/healthz", ex -> answer(ex, agent.alive(), agent));
    server.createContext("/readyz", ex -> answer(ex, agent.ready(), agent));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange ex, boolean ok, Agent agent) throws IOException {
    String body =
        "{\"status\":\""
            + (ok ? "ok" : "unavailable")
            + "\",\"state\":\""
            + agent.state()
            + "\",\"message\":\""
            + agent.stateMessage().replace("\\", "\\\\").replace("\"", "\\\"")
            + "\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(ok ? 200 : 503, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
