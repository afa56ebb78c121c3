package dev.gennaker.statemachines.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gennaker.statemachines.asl.Definitions;
import dev.gennaker.statemachines.asl.Json;
import dev.gennaker.statemachines.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The repository's own pipeline runner definition, with its function placeholders replaced by
 * Lambda ARNs as at deployment, validates and runs on the local engine: plan, a Map over ready
 * stages dispatched to a plain task, a task-token wait and a timer, plan again, finish.
 */
class PipelineRunnerDefinitionTest {
  private static final Path DEFINITION = Path.of("definitions/pipeline-runner.asl.json");

  private static String deployed() throws Exception {
    Matcher m = Pattern.compile("\\$\\{([A-Za-z]+)\\}").matcher(Files.readString(DEFINITION));
    return m.replaceAll(r -> "arn:aws:lambda:us-east-1:123456789012:function:" + r.group(1));
  }

  @Test
  void definition_validates() throws Exception {
    assertThat(Definitions.validate(deployed())).isEmpty();
  }

  @Test
  void runner_plansRunsWaitsAndFinishes() throws Exception {
    AtomicInteger plans = new AtomicInteger();
    Map<String, String> tokens = new ConcurrentHashMap<>();
    List<String> ran = new CopyOnWriteArrayList<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    String ids = "\"tenantId\":\"t1\",\"executionId\":\"e1\"";
    TaskFunction plan =
        in -> {
          if (plans.incrementAndGet() == 1) {
            return Json.parse(
                "{"
                    + ids
                    + ",\"finished\":false,\"ready\":["
                    + "{"
                    + ids
                    + ",\"stageId\":\"bake\",\"attempt\":1,\"action\":\"run\",\"waiting\":\"none\",\"timeoutSeconds\":60},"
                    + "{"
                    + ids
                    + ",\"stageId\":\"deploy\",\"attempt\":1,\"action\":\"run\",\"waiting\":\"token\",\"timeoutSeconds\":60,\"heartbeatSeconds\":30},"
                    + "{"
                    + ids
                    + ",\"stageId\":\"pause\",\"waiting\":\"timer\",\"seconds\":0},"
                    + "{"
                    + ids
                    + ",\"stageId\":\"broken\",\"attempt\":1,\"action\":\"run\",\"waiting\":\"none\",\"timeoutSeconds\":60}]}");
          }
          return Json.parse("{" + ids + ",\"finished\":true}");
        };
    TaskFunction runStage =
        in -> {
          if (in.has("taskToken")) {
            tokens.put(in.get("stageId").asText(), in.get("taskToken").asText());
            return Json.object();
          }
          if (in.get("stageId").asText().equals("broken")) {
            throw new TaskFailure("Stage.Failed", "image not found");
          }
          ran.add(in.get("stageId").asText());
          return Json.object().put("ok", true);
        };
    TaskFunction recordFailure =
        in -> {
          failures.add(in.get("stageId").asText() + ":" + in.get("error").asText());
          return Json.object();
        };
    TaskFunction finish = in -> Json.object().put("status", "SUCCEEDED");
    EngineConfig cfg =
        EngineConfig.inMemory()
            .withFunctions(
                Map.of(
                    "PlanFunction", plan,
                    "RunStageFunction", runStage,
                    "RecordFailureFunction", recordFailure,
                    "FinishFunction", finish));
    try (LocalStepFunctions sfn = new LocalStepFunctions(cfg)) {
      var sm =
          sfn.createStateMachine(
              "runner-t1", deployed(), "arn:aws:iam::123456789012:role/runner", null);
      var ex = sfn.startExecution(sm.arn(), "e1", "{" + ids + "}");
      Poll.until(
          "the deploy stage to wait for its token",
          Duration.ofSeconds(10),
          () -> tokens.containsKey("deploy"));
      sfn.sendTaskSuccess(tokens.get("deploy"), "{\"rolledOut\":true}");
      var done = sfn.awaitExecution(ex.arn(), Duration.ofSeconds(20));
      assertThat(done.status()).as(done.error() + ": " + done.cause()).isEqualTo("SUCCEEDED");
      assertThat(Json.parse(done.output())).isEqualTo(Json.parse("{\"status\":\"SUCCEEDED\"}"));
      assertThat(plans.get()).isEqualTo(2);
      assertThat(ran).containsExactly("bake");
      assertThat(failures).hasSize(1).first().asString().startsWith("broken:Stage.Failed");
      List<JsonNode> types =
          sfn.history(ex.arn()).stream().map(e -> (JsonNode) e.get("type")).toList();
      assertThat(types)
          .extracting(JsonNode::asText)
          // TaskSubmitted is not asserted: the token may be answered before the task call
          // returns (the engine accepts it from the start), and then AWS shows none either.
          .contains("MapStateStarted", "TaskSucceeded", "WaitStateEntered");
    }
  }
}
