package dev.gennaker.api.gcf;

import dev.gennaker.api.http.HttpFunction;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Serves an {@link HttpFunction} as a Cloud Functions Framework {@code HttpFunction}. */
public class CloudFunctionsHttpAdapter implements com.google.cloud.functions.HttpFunction {
  /** Requests larger than this are refused before they are read whole. */
  public static final int MAX_BODY = 2 * 1024 * 1024;

  private final HttpFunction function;

  public CloudFunctionsHttpAdapter(HttpFunction function) {
    this.function = function;
  }

  @Override
  public void service(
      com.google.cloud.functions.HttpRequest request,
      com.google.cloud.functions.HttpResponse response)
      throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    request.getHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    HttpResponse answer =
        function.handle(
            new HttpRequest(
                request.getMethod(),
                request.getPath(),
                request.getQueryParameters(),
                headers,
                body,
                request.getFirstHeader("X-Forwarded-For").orElse("")));
    response.setStatusCode(answer.status());
    answer.headers().forEach(response::appendHeader);
    response.getOutputStream().write(answer.body());
  }
}
