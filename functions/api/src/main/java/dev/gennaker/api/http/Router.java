package dev.gennaker.api.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes requests by method and path template ({@code /v1/executions/{executionId}}) and turns
 * every failure into a problem document: a {@link Problem} as it is, anything else as a 500 without
 * internals (logged once). Unknown paths are 404, known paths with another method 405.
 */
public final class Router implements HttpFunction {
  private static final Logger LOG = Logger.getLogger(Router.class.getName());

  /** A route's handler: the request and the path's variables. */
  @FunctionalInterface
  public interface Handler extends BiFunction<HttpRequest, Map<String, String>, HttpResponse> {}

  /** A registered route, as the OpenAPI contract test reads it. */
  public record Route(String method, String template, Handler handler) {
    String[] segments() {
      return template.substring(1).split("/", -1);
    }
  }

  private final List<Route> routes = new ArrayList<>();

  public Router route(String method, String template, Handler handler) {
    routes.add(new Route(method.toUpperCase(java.util.Locale.ROOT), template, handler));
    return this;
  }

  public List<Route> routes() {
    return List.copyOf(routes);
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    try {
      Set<String> allowed = new LinkedHashSet<>();
      for (Route route : routes) {
        Map<String, String> vars = match(route, request.path());
        if (vars == null) {
          continue;
        }
        if (route.method().equals(request.method())) {
          return route.handler().apply(request, vars);
        }
        allowed.add(route.method());
      }
      if (!allowed.isEmpty()) {
        throw Problem.methodNotAllowed(String.join(", ", allowed));
      }
      throw new Problem(404, "not-found", "Not found", "no such resource: " + request.path());
    } catch (Problem p) {
      return p.toResponse(request.path());
    } catch (dev.gennaker.core.tenant.Principal.ForbiddenException e) {
      // A use case's own role check, behind the route's.
      return Problem.forbidden(e.getMessage()).toResponse(request.path());
    } catch (RuntimeException e) {
      LOG.log(
          Level.SEVERE,
          "unexpected failure on " + request.method() + " " + request.path() + ": " + e);
      return new Problem(
              500,
              "internal",
              "Internal error",
              "the request failed on our side; it was logged and you can retry it")
          .toResponse(request.path());
    }
  }

  private static Map<String, String> match(Route route, String path) {
    String[] template = route.segments();
    String[] actual = path.substring(path.startsWith("/") ? 1 : 0).split("/", -1);
    if (template.length != actual.length) {
      return null;
    }
    Map<String, String> vars = new LinkedHashMap<>();
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t.startsWith("{") && t.endsWith("}")) {
        if (actual[i].isEmpty()) {
          return null;
        }
        vars.put(t.substring(1, t.length() - 1), decode(actual[i]));
      } else if (!t.equals(actual[i])) {
        return null;
      }
    }
    return vars;
  }

  private static String decode(String segment) {
    return java.net.URLDecoder.decode(segment, java.nio.charset.StandardCharsets.UTF_8);
  }
}
