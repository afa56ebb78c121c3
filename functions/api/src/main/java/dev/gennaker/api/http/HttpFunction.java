package dev.gennaker.api.http;

/**
 * An HTTP function: one request in, one response out. Implementations are thread-safe, build their
 * collaborators once, and never let an exception escape with internals in it: {@link Problem}s
 * become problem documents; anything else becomes a 500 problem with no details.
 */
@FunctionalInterface
public interface HttpFunction {
  HttpResponse handle(HttpRequest request);
}
