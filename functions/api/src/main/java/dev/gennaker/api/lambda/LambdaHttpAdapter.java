package dev.gennaker.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.gennaker.api.http.HttpFunction;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns API Gateway HTTP API (payload format 2.0) events into {@link HttpRequest}s and the answers
 * back into responses. API Gateway joins repeated query parameters with commas; they are split
 * again here.
 */
public final class LambdaHttpAdapter {
  private final HttpFunction function;

  public LambdaHttpAdapter(HttpFunction function) {
    this.function = function;
  }

  public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
    var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
    String method = http != null ? http.getMethod() : "GET";
    String sourceIp = http != null ? http.getSourceIp() : "";
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (event.getQueryStringParameters() != null) {
      event
          .getQueryStringParameters()
          .forEach((k, v) -> query.put(k, Arrays.asList(v.split(",", -1))));
    }
    byte[] body =
        event.getBody() == null
            ? new byte[0]
            : event.getIsBase64Encoded()
                ? Base64.getDecoder().decode(event.getBody())
                : event.getBody().getBytes(StandardCharsets.UTF_8);
    HttpResponse response =
        function.handle(
            new HttpRequest(
                method,
                event.getRawPath() == null ? "/" : event.getRawPath(),
                query,
                event.getHeaders() == null ? Map.of() : event.getHeaders(),
                body,
                sourceIp));
    APIGatewayV2HTTPResponse out = new APIGatewayV2HTTPResponse();
    out.setStatusCode(response.status());
    out.setHeaders(response.headers());
    out.setBody(response.bodyText());
    out.setIsBase64Encoded(false);
    return out;
  }
}
