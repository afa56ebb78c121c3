package dev.gennaker.api.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as the API's functions see it, whatever carried it (API Gateway, Cloud
 * Functions, the local server). Header names are case-insensitive.
 *
 * @param path the raw path, without the query string, e.g. {@code /v1/pipelines}
 * @param sourceIp the caller's address as the edge saw it (for the audit log)
 */
public record HttpRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, String> headers,
    byte[] body,
    String sourceIp) {

  public HttpRequest {
    method = method.toUpperCase(Locale.ROOT);
    query = Map.copyOf(query);
    TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    headers = java.util.Collections.unmodifiableMap(h);
    body = body == null ? new byte[0] : body;
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  public Optional<String> queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The media type of the body, lowercase, without parameters; "" when none. */
  public String contentType() {
    String type = headers.getOrDefault("Content-Type", "");
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }
}
