package dev.gennaker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.gennaker.api.gcf.CloudFunctionsHttpAdapter;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.lambda.LambdaHttpAdapter;
import dev.gennaker.api.local.LocalHttpServer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The same functions behind API Gateway (a real v2 event), Cloud Functions and the local port. */
class AdaptersTest {

  @Test
  void lambda_decodesARealApiGatewayV2Event_andAnswersLikeTheFunction() {
    AtomicReference<HttpRequest> seen = new AtomicReference<>();
    ApiFunction api = ApiFixture.api();
    LambdaHttpAdapter adapter =
        new LambdaHttpAdapter(
            request -> {
              seen.set(request);
              return api.handle(request);
            });
    APIGatewayV2HTTPEvent event =
        EventLoader.loadApiGatewayHttpEvent("events/apigw-v2-validate.json");
    var response = adapter.handle(event);
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getBody()).contains("\"pipeline\":\"hello\"");
    assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
    HttpRequest request = seen.get();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.sourceIp()).isEqualTo("203.0.113.7");
    assertThat(request.query()).containsEntry("tag", List.of("a", "b"));
    assertThat(request.header("CONTENT-TYPE")).contains("application/yaml");
  }

  @Test
  void cloudFunctions_servesTheFunction() throws Exception {
    var out = new ByteArrayOutputStream();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    var adapter = new CloudFunctionsHttpAdapter(ApiFixture.api());
    var response = new FakeResponse(out, headers);
    adapter.service(
        new FakeRequest("POST", "/v1/pipelines/validate", ApiFunctionTest.VALID), response);
    assertThat(response.status).isEqualTo(200);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"valid\":true");
    assertThat(headers).containsEntry("Content-Type", List.of("application/json"));
  }

  @Test
  void localServer_servesOverRealHttp() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start("127.0.0.1", 0, ApiFixture.api())) {
      var http = HttpClient.newHttpClient();
      var response =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.port() + "/v1/pipelines/validate"))
                  .header("Content-Type", "application/yaml")
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString("kind: Pipeline\n"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(422);
      assertThat(response.headers().firstValue("Content-Type"))
          .contains("application/problem+json");
      assertThat(response.body())
          .contains("missing required field \\\"apiVersion\\\"")
          .doesNotContain("Exception");
    }
  }

  private record FakeRequest(String method, String path, String body)
      implements com.google.cloud.functions.HttpRequest {
    @Override
    public String getMethod() {
      return method;
    }

    @Override
    public String getUri() {
      return "http://localhost" + path;
    }

    @Override
    public String getPath() {
      return path;
    }

    @Override
    public Optional<String> getQuery() {
      return Optional.empty();
    }

    @Override
    public Map<String, List<String>> getQueryParameters() {
      return Map.of();
    }

    @Override
    public Map<String, HttpPart> getParts() {
      return Map.of();
    }

    @Override
    public Optional<String> getContentType() {
      return Optional.of("application/yaml");
    }

    @Override
    public long getContentLength() {
      return body.length();
    }

    @Override
    public Optional<String> getCharacterEncoding() {
      return Optional.of("UTF-8");
    }

    @Override
    public InputStream getInputStream() {
      return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new StringReader(body));
    }

    @Override
    public Map<String, List<String>> getHeaders() {
      return Map.of("Content-Type", List.of("application/yaml"));
    }
  }

  private static final class FakeResponse implements com.google.cloud.functions.HttpResponse {
    final OutputStream out;
    final Map<String, List<String>> headers;
    int status;

    FakeResponse(OutputStream out, Map<String, List<String>> headers) {
      this.out = out;
      this.headers = headers;
    }

    @Override
    public void setStatusCode(int code) {
      status = code;
    }

    @Override
    public void setStatusCode(int code, String message) {
      status = code;
    }

    @Override
    public void setContentType(String contentType) {
      appendHeader("Content-Type", contentType);
    }

    @Override
    public Optional<String> getContentType() {
      return Optional.ofNullable(headers.get("Content-Type")).map(l -> l.get(0));
    }

    @Override
    public void appendHeader(String header, String value) {
      headers.computeIfAbsent(header, k -> new ArrayList<>()).add(value);
    }

    @Override
    public Map<String, List<String>> getHeaders() {
      return headers;
    }

    @Override
    public OutputStream getOutputStream() {
      return out;
    }

    @Override
    public BufferedWriter getWriter() {
      return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }
  }
}
