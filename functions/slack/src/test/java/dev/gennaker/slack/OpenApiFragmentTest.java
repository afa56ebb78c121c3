package dev.gennaker.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Every route of the Slack function is described in the OpenAPI fragment, and nothing else. */
class OpenApiFragmentTest {
  @Test
  void fragment_describesExactlyTheRoutes() throws Exception {
    JsonNode doc;
    try (InputStream in = getClass().getResourceAsStream("/api/openapi-slack.json")) {
      doc = new ObjectMapper().readTree(in);
    }
    try (SlackFixture f = new SlackFixture()) {
      var routes = f.function.router().routes();
      for (var route : routes) {
        assertThat(
                doc.path("paths")
                    .path(route.template())
                    .has(route.method().toLowerCase(Locale.ROOT)))
            .as(route.method() + " " + route.template())
            .isTrue();
      }
      int operations = 0;
      for (JsonNode path : doc.path("paths")) {
        operations += path.size();
      }
      assertThat(operations).isEqualTo(routes.size());
    }
  }
}
