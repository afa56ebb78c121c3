package dev.gennaker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.api.http.Router;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The published contract and the implementation agree, route by route. */
class OpenApiContractTest {
  private final ApiFunction api = ApiFixture.api();

  private JsonNode spec() throws Exception {
    HttpResponse r = api.handle(ApiFunctionTest.request("GET", "/v1/openapi.json", null, null));
    assertThat(r.status()).isEqualTo(200);
    return ApiFunctionTest.json(r);
  }

  @Test
  void everyDocumentedOperation_isServed_andEveryServedRoute_isDocumented() throws Exception {
    Set<String> documented = new HashSet<>();
    JsonNode paths = spec().get("paths");
    for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
      var path = it.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + path.getKey()));
    }
    Set<String> served = new HashSet<>();
    for (Router.Route r : api.routes()) {
      served.add(r.method() + " " + r.template());
    }
    assertThat(served).containsExactlyInAnyOrderElementsOf(documented);
  }

  @Test
  void documentedStatuses_areTheOnesAnswered() throws Exception {
    JsonNode paths = spec().get("paths");
    assertThat(paths.at("/~1healthz/get/responses").has("200")).isTrue();
    JsonNode validate = paths.at("/~1v1~1pipelines~1validate/post/responses");
    for (String status : new String[] {"200", "400", "413", "415", "422"}) {
      assertThat(validate.has(status)).as(status).isTrue();
    }
    assertThat(
            api.handle(
                    ApiFunctionTest.request(
                        "POST", "/v1/pipelines/validate", "application/yaml", ""))
                .status())
        .isEqualTo(400);
  }
}
