package dev.gennaker.api.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP response: status, headers, body bytes. */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {

  public HttpResponse {
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    body = body == null ? new byte[0] : body;
  }

  public static HttpResponse json(int status, String json) {
    return new HttpResponse(
        status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
  }

  public static HttpResponse text(int status, String contentType, String text) {
    return new HttpResponse(
        status, Map.of("Content-Type", contentType), text.getBytes(StandardCharsets.UTF_8));
  }

  /** A response without a body, such as 204 No Content. */
  public static HttpResponse empty(int status) {
    return new HttpResponse(status, Map.of(), new byte[0]);
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** This response with one more header. */
  public HttpResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new HttpResponse(status, h, body);
  }
}
