package dev.gennaker.github;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for the GitHub REST API: answers {@code METHOD /path?query} with recorded
 * responses from {@code src/test/resources/github}, 404 for anything not recorded, and records
 * every request it got.
 */
public final class GitHubStandIn implements AutoCloseable {
  /** One request as received. */
  public record Received(String method, String uri, String authorization, String body) {}

  private record Answer(int status, String body) {}

  private final HttpServer server;
  private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
  final List<Received> received = new CopyOnWriteArrayList<>();

  GitHubStandIn() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String uri = exchange.getRequestURI().toString();
          String body;
          try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          String key = exchange.getRequestMethod() + " " + uri;
          received.add(
              new Received(
                  exchange.getRequestMethod(),
                  uri,
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  body));
          Answer a = next(key);
          byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
          exchange.sendResponseHeaders(a.status(), bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  private Answer next(String key) {
    Deque<Answer> queue = answers.get(key);
    if (queue == null) {
      return new Answer(404, fixture("error-not-found.json"));
    }
    synchronized (queue) {
      return queue.size() > 1 ? queue.poll() : queue.peek();
    }
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * Answers {@code METHOD /path?query} with {@code status} and a fixture (or literal JSON); several
   * calls for one key answer in turn, the last one for ever after.
   */
  public GitHubStandIn on(String methodAndUri, int status, String fixtureOrJson) {
    String body = fixtureOrJson.endsWith(".json") ? fixture(fixtureOrJson) : fixtureOrJson;
    answers.computeIfAbsent(methodAndUri, k -> new ArrayDeque<>()).add(new Answer(status, body));
    return this;
  }

  public List<Received> requests(String method, String uriPrefix) {
    return received.stream()
        .filter(r -> r.method().equals(method) && r.uri().startsWith(uriPrefix))
        .toList();
  }

  public static String fixture(String name) {
    try (InputStream in = GitHubStandIn.class.getResourceAsStream("/github/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
