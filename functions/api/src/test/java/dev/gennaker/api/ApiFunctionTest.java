package dev.gennaker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiFunctionTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String VALID =
      """
      apiVersion: gennaker.dev/v1
      kind: Pipeline
      metadata: {name: hello, application: hello}
      spec:
        stages:
          - {id: pause, type: wait, with: {duration: 1m}}
      """;

  private final ApiFunction api = ApiFixture.api();

  static HttpRequest request(String method, String path, String contentType, String body) {
    return new HttpRequest(
        method,
        path,
        Map.of(),
        contentType == null ? Map.of() : Map.of("Content-Type", contentType),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        "127.0.0.1");
  }

  static JsonNode json(HttpResponse r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void health_answersOk() throws Exception {
    HttpResponse r = api.handle(request("GET", "/healthz", null, null));
    assertThat(r.status()).isEqualTo(200);
    assertThat(json(r).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void validPipeline_isDescribed() throws Exception {
    HttpResponse r =
        api.handle(request("POST", "/v1/pipelines/validate", "application/yaml", VALID));
    assertThat(r.status()).isEqualTo(200);
    assertThat(json(r).get("pipeline").asText()).isEqualTo("hello");
    assertThat(json(r).get("stages").get(0).get("type").asText()).isEqualTo("wait");
  }

  @Test
  void invalidPipeline_is422_withEveryErrorAndItsPosition() throws Exception {
    HttpResponse r =
        api.handle(
            request(
                "POST",
                "/v1/pipelines/validate",
                "application/yaml; charset=utf-8",
                VALID.replace("type: wait", "type: wiat")));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.headers()).containsEntry("Content-Type", "application/problem+json");
    JsonNode problem = json(r);
    assertThat(problem.get("type").asText())
        .isEqualTo("https://gennaker.dev/problems/invalid-document");
    JsonNode error = problem.get("errors").get(0);
    assertThat(error.get("line").asInt()).isEqualTo(6);
    assertThat(error.get("path").asText()).isEqualTo("spec.stages[0].type");
    assertThat(error.get("message").asText())
        .startsWith("unknown stage type \"wiat\" (did you mean \"wait\"?)");
    assertThat(problem.get("detail").asText()).contains("pipeline.yml:6:");
  }

  @Test
  void wrongContentType_is415() throws Exception {
    HttpResponse r =
        api.handle(request("POST", "/v1/pipelines/validate", "application/xml", VALID));
    assertThat(r.status()).isEqualTo(415);
    assertThat(json(r).get("detail").asText()).contains("application/yaml");
  }

  @Test
  void overOneMebibyte_is413_andNotParsed() throws Exception {
    String huge = VALID + "#" + "x".repeat(ApiFunction.MAX_PIPELINE_BYTES);
    HttpResponse r =
        api.handle(request("POST", "/v1/pipelines/validate", "application/yaml", huge));
    assertThat(r.status()).isEqualTo(413);
  }

  @Test
  void unknownPath_is404_andWrongMethod_is405_withAllow() throws Exception {
    HttpResponse missing = api.handle(request("GET", "/v1/nothing", null, null));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.headers()).containsEntry("Content-Type", "application/problem+json");
    HttpResponse wrong = api.handle(request("DELETE", "/healthz", null, null));
    assertThat(wrong.status()).isEqualTo(405);
    assertThat(wrong.headers()).containsEntry("Allow", "GET");
  }
}
