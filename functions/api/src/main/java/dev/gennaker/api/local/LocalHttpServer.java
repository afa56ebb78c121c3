package dev.gennaker.api.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gennaker.api.http.HttpFunction;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.api.http.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves an {@link HttpFunction} on a local address with the JDK's HTTP server: the local mode's
 * single port. Bodies over {@link #MAX_BODY} are refused with 413 before they are read whole.
 */
public final class LocalHttpServer implements AutoCloseable {
  public static final int MAX_BODY = 2 * 1024 * 1024;

  private final HttpServer server;
  private final ExecutorService executor;

  private LocalHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * @param port 0 for any free port
   * @throws IOException when the port is taken (the message says which)
   */
  public static LocalHttpServer start(String host, int port, HttpFunction function)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 256);
    ExecutorService executor = Executors.newFixedThreadPool(16, daemonThreads());
    server.createContext("/", exchange -> serve(exchange, function));
    server.setExecutor(executor);
    server.start();
    return new LocalHttpServer(server, executor);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    var n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void serve(HttpExchange exchange, HttpFunction function) throws IOException {
    try (exchange) {
      HttpResponse response;
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      if (body.length > MAX_BODY) {
        response =
            Problem.tooLarge("request bodies are limited to " + MAX_BODY / 1024 + " KiB")
                .toResponse(exchange.getRequestURI().getPath());
      } else {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        response =
            function.handle(
                new HttpRequest(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    query(exchange.getRequestURI().getRawQuery()),
                    headers,
                    body,
                    exchange.getRemoteAddress().getAddress().getHostAddress()));
      }
      response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.sendResponseHeaders(
          response.status(), response.body().length == 0 ? -1 : response.body().length);
      if (response.body().length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
      }
    }
  }

  static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
