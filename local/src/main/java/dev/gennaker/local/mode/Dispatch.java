package dev.gennaker.local.mode;

import dev.gennaker.api.http.HttpFunction;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.api.http.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Every HTTP function on one port, as API Gateway routes them in AWS: by path prefix, the longest
 * first; the API takes the rest. Until the functions are ready it answers 503.
 */
final class Dispatch implements HttpFunction {
  private record Mount(String prefix, HttpFunction function) {}

  private final List<Mount> mounts = new ArrayList<>();
  private volatile HttpFunction fallback;
  private volatile boolean ready;

  /** Sends paths starting with {@code prefix} to {@code function}. */
  Dispatch mount(String prefix, HttpFunction function) {
    mounts.add(new Mount(prefix, function));
    mounts.sort((a, b) -> b.prefix().length() - a.prefix().length());
    return this;
  }

  Dispatch otherwise(HttpFunction function) {
    this.fallback = function;
    return this;
  }

  void ready() {
    ready = true;
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    if (!ready) {
      return new Problem(
              503,
              "https://gennaker.dev/problems/unavailable",
              "Starting",
              "gennaker local is still starting; try again in a moment")
          .toResponse(request.path())
          .withHeader("Retry-After", "1");
    }
    for (Mount m : mounts) {
      if (request.path().startsWith(m.prefix())) {
        return m.function().handle(request);
      }
    }
    return fallback.handle(request);
  }
}
