package dev.gennaker.statemachines.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.statemachines.asl.Json;
import dev.gennaker.statemachines.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal in one JVM: compaction of a running execution, and a torn last line. */
class JournalTest {
  @TempDir Path dir;
  private final long defaultThreshold = Journal.compactAfterBytes;
  private final LinkedBlockingQueue<String> tokens = new LinkedBlockingQueue<>();

  @AfterEach
  void restore() {
    Journal.compactAfterBytes = defaultThreshold;
  }

  private EngineConfig config() {
    TaskFunction echo = in -> in;
    TaskFunction park =
        in -> {
          tokens.add(in.get("token").asText());
          return Json.object();
        };
    return EngineConfig.inMemory()
        .withDataDir(dir)
        .withFunctions(Map.of("echo", echo, "park", park));
  }

  private static final String DEFINITION =
      ("{'StartAt':'M','States':{'M':{'Type':'Map','MaxConcurrency':1,'ResultPath':'$.results','ItemsPath':'$.items',"
              + "'ItemProcessor':{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:123456789012:function:echo','End':true}}},"
              + "'Next':'P'},'P':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke.waitForTaskToken',"
              + "'Parameters':{'FunctionName':'park','Payload':{'token.$':'$$.Task.Token'}},'ResultPath':'$.answer','End':true}}}")
          .replace('\'', '"');

  private Path executionFile() throws Exception {
    try (var files = Files.list(dir.resolve("executions"))) {
      List<Path> l = files.toList();
      assertThat(l).hasSize(1);
      return l.get(0);
    }
  }

  @Test
  void runningExecution_isCompactedAndStillRecovers() throws Exception {
    Journal.compactAfterBytes = 4096;
    String arn;
    String token;
    int eventsBefore;
    try (LocalStepFunctions sfn = new LocalStepFunctions(config())) {
      var sm = sfn.createStateMachine("compact", DEFINITION, null, null);
      StringBuilder items = new StringBuilder("[");
      for (int i = 0; i < 60; i++) {
        items.append(i == 0 ? "" : ",").append("{\"n\":").append(i).append('}');
      }
      arn = sfn.startExecution(sm.arn(), "e", "{\"items\":" + items + "]}").arn();
      token = tokens.poll(20, TimeUnit.SECONDS);
      assertThat(token).isNotNull();
      Poll.until(
          "the token wait to be journalled",
          Duration.ofSeconds(5),
          () ->
              sfn.history(arn).stream()
                  .anyMatch(e -> e.get("type").asText().equals("TaskSubmitted")));
      eventsBefore = sfn.history(arn).size();
    }
    List<String> lines = Files.readAllLines(executionFile());
    assertThat(lines.get(0)).startsWith("{\"h\":");
    assertThat(lines.stream().filter(l -> l.startsWith("{\"h\":"))).hasSize(1);
    // Without compaction each of the ~60 task completions appends a full checkpoint.
    assertThat(lines.stream().filter(l -> l.startsWith("{\"c\":")).count()).isLessThan(30);

    try (LocalStepFunctions sfn = new LocalStepFunctions(config())) {
      assertThat(sfn.history(arn)).hasSize(eventsBefore);
      sfn.sendTaskSuccess(token, "\"ok\"");
      var done = sfn.awaitExecution(arn, Duration.ofSeconds(10));
      assertThat(done.status()).isEqualTo("SUCCEEDED");
      assertThat(Json.parse(done.output()).get("results")).hasSize(60);
      assertThat(Json.parse(done.output()).get("answer").asText()).isEqualTo("ok");
    }
  }

  @Test
  void tornLastLine_isIgnored() throws Exception {
    String arn;
    String token;
    try (LocalStepFunctions sfn = new LocalStepFunctions(config())) {
      var sm = sfn.createStateMachine("torn", DEFINITION, null, null);
      arn = sfn.startExecution(sm.arn(), "e", "{\"items\":[]}").arn();
      token = tokens.poll(20, TimeUnit.SECONDS);
      Poll.until(
          "the token wait to be journalled",
          Duration.ofSeconds(5),
          () ->
              sfn.history(arn).stream()
                  .anyMatch(e -> e.get("type").asText().equals("TaskSubmitted")));
    }
    Files.writeString(
        executionFile(), "{\"c\":{\"status\":\"SUCC", java.nio.file.StandardOpenOption.APPEND);
    try (LocalStepFunctions sfn = new LocalStepFunctions(config())) {
      assertThat(sfn.describeExecution(arn).status()).isEqualTo("RUNNING");
      sfn.sendTaskSuccess(token, "1");
      assertThat(sfn.awaitExecution(arn, Duration.ofSeconds(10)).status()).isEqualTo("SUCCEEDED");
    }
  }
}
