package dev.gennaker.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An error as the API answers it: an {@code application/problem+json} document (RFC 9457) with a
 * stable {@code type}, a short {@code title}, the HTTP {@code status}, a {@code detail} for a
 * person and, for validation problems, the list of {@code errors} with their paths. Thrown by
 * routes; turned into a response at the edge.
 */
public final class Problem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String TYPE_BASE = "https://gennaker.dev/problems/";

  private final int status;
  private final String type;
  private final String title;
  private final transient List<Map<String, Object>> errors;
  private final transient Map<String, String> headers;

  public Problem(int status, String type, String title, String detail) {
    this(status, type, title, detail, List.of(), Map.of());
  }

  public Problem(
      int status,
      String type,
      String title,
      String detail,
      List<Map<String, Object>> errors,
      Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.headers = Map.copyOf(headers);
  }

  public int status() {
    return status;
  }

  public String type() {
    return TYPE_BASE + type;
  }

  public static Problem notFound(String what) {
    return new Problem(404, "not-found", "Not found", what + " does not exist");
  }

  public static Problem badRequest(String detail) {
    return new Problem(400, "bad-request", "Bad request", detail);
  }

  public static Problem unauthorized(String detail) {
    return new Problem(
        401,
        "unauthorized",
        "Unauthorized",
        detail,
        List.of(),
        Map.of("WWW-Authenticate", "Bearer realm=\"gennaker\""));
  }

  public static Problem forbidden(String detail) {
    return new Problem(403, "forbidden", "Forbidden", detail);
  }

  public static Problem conflict(String detail) {
    return new Problem(409, "conflict", "Conflict", detail);
  }

  public static Problem tooLarge(String detail) {
    return new Problem(413, "payload-too-large", "Payload too large", detail);
  }

  public static Problem unsupportedMediaType(String detail) {
    return new Problem(415, "unsupported-media-type", "Unsupported media type", detail);
  }

  public static Problem invalid(String detail, List<Map<String, Object>> errors) {
    return new Problem(422, "invalid-document", "Invalid document", detail, errors, Map.of());
  }

  public static Problem methodNotAllowed(String allowed) {
    return new Problem(
        405,
        "method-not-allowed",
        "Method not allowed",
        "this resource answers " + allowed,
        List.of(),
        Map.of("Allow", allowed));
  }

  /** The problem document. */
  public HttpResponse toResponse(String instance) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("type", type());
    doc.put("title", title);
    doc.put("status", status);
    doc.put("detail", getMessage());
    if (instance != null) {
      doc.put("instance", instance);
    }
    if (!errors.isEmpty()) {
      doc.set("errors", JSON.valueToTree(errors));
    }
    HttpResponse response =
        new HttpResponse(
            status,
            Map.of("Content-Type", "application/problem+json"),
            doc.toString().getBytes(StandardCharsets.UTF_8));
    for (var h : headers.entrySet()) {
      response = response.withHeader(h.getKey(), h.getValue());
    }
    return response;
  }
}
