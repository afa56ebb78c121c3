package dev.gennaker.statemachines.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gennaker.statemachines.asl.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the fixtures under {@code asl/conformance/<section>/*.json}: each names a definition, an
 * input, scripted task outcomes (by state name) or functions (by Lambda name), and the expected
 * output or error. Most are the examples of the AWS Step Functions documentation.
 */
class ConformanceTest {

  @TestFactory
  Stream<DynamicTest> conformance() throws IOException, URISyntaxException {
    Path root = Path.of(getClass().getResource("/asl/conformance").toURI());
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(30);
    return files.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    root.relativize(f).toString(), () -> run(Json.parse(Files.readString(f)))));
  }

  static void run(JsonNode fx) throws InterruptedException {
    Map<String, TaskFunction> overrides = new HashMap<>();
    fx.path("tasks")
        .fields()
        .forEachRemaining(e -> overrides.put(e.getKey(), ScriptedTask.of(e.getValue())));
    EngineConfig cfg =
        EngineConfig.inMemory()
            .withSkipWaits(fx.path("skipWaits").asBoolean(true))
            .withStateOverrides(overrides);
    try (LocalStepFunctions sfn = new LocalStepFunctions(cfg)) {
      fx.path("functions")
          .fields()
          .forEachRemaining(e -> sfn.registerFunction(e.getKey(), ScriptedTask.of(e.getValue())));
      var sm = sfn.createStateMachine("conformance", Json.write(fx.get("definition")), null, null);
      var ex =
          sfn.startExecution(
              sm.arn(),
              "run",
              Json.write(fx.path("input").isMissingNode() ? Json.object() : fx.get("input")));
      var done = sfn.awaitExecution(ex.arn(), Duration.ofSeconds(20));
      if (fx.has("output")) {
        assertThat(done.status())
            .as("status (error %s: %s)", done.error(), done.cause())
            .isEqualTo("SUCCEEDED");
        assertThat(Json.parse(done.output())).isEqualTo(fx.get("output"));
      } else if (fx.has("outputMatches")) {
        assertThat(done.status())
            .as("status (error %s: %s)", done.error(), done.cause())
            .isEqualTo("SUCCEEDED");
        assertThat(done.output()).matches(fx.get("outputMatches").asText());
      } else {
        assertThat(done.status()).as("status, output %s", done.output()).isEqualTo("FAILED");
        assertThat(done.error()).isEqualTo(fx.get("error").asText());
        if (fx.has("causeContains")) {
          assertThat(done.cause()).contains(fx.get("causeContains").asText());
        }
      }
      if (fx.has("historyTypes")) {
        List<String> types =
            sfn.history(ex.arn()).stream().map(e -> e.get("type").asText()).toList();
        List<String> expected = new java.util.ArrayList<>();
        fx.get("historyTypes").forEach(t -> expected.add(t.asText()));
        assertThat(types).isEqualTo(expected);
      }
    }
  }
}
