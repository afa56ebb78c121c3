package dev.gennaker.statemachines.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.statemachines.asl.Json;
import dev.gennaker.statemachines.testing.Poll;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * Kills a real engine process mid-Wait, mid-token-wait and mid-task, restarts it on the same data
 * directory, and checks that every execution carries on: same token, the Wait's remaining time, the
 * running task invoked again.
 */
class RestartTest {
  private static final long WAIT_SECONDS = 4;
  @TempDir Path dir;
  private Process process;

  @AfterEach
  void kill() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  private SfnClient startProcess(String mode) throws IOException {
    Files.deleteIfExists(dir.resolve("port"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    process =
        new ProcessBuilder(
                java,
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashableEngineMain.class.getName(),
                dir.toString(),
                mode)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("process-" + mode + ".log").toFile())
            .start();
    try {
      // Generous: on a shared, loaded machine a JVM can take long to start.
      Poll.until(
          "the engine process to listen",
          Duration.ofSeconds(60),
          () -> Files.exists(dir.resolve("port")) || !process.isAlive());
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; process log:\n" + log(mode), e);
    }
    if (!Files.exists(dir.resolve("port"))) {
      throw new AssertionError("the engine process exited; its log:\n" + log(mode));
    }
    int port = Integer.parseInt(read(dir.resolve("port")));
    return SfnClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private String log(String mode) {
    try {
      return Files.readString(dir.resolve("process-" + mode + ".log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p).trim();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<HistoryEventType> types(SfnClient sfn, String ex) {
    return sfn.getExecutionHistory(b -> b.executionArn(ex)).events().stream()
        .map(HistoryEvent::type)
        .toList();
  }

  private static String create(SfnClient sfn, String name, String def) {
    return sfn.createStateMachine(
            b ->
                b.name(name)
                    .definition(def.replace('\'', '"'))
                    .roleArn("arn:aws:iam::123456789012:role/r"))
        .stateMachineArn();
  }

  @Test
  void executionsSurviveAKilledProcess() throws Exception {
    String waitEx;
    String tokenEx;
    String taskEx;
    String token;
    long waitStarted;
    try (SfnClient sfn = startProcess("block")) {
      String waitSm =
          create(
              sfn,
              "wait",
              "{'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':"
                  + WAIT_SECONDS
                  + ",'Next':'P'},'P':{'Type':'Pass','End':true}}}");
      String tokenSm =
          create(
              sfn,
              "token",
              "{'StartAt':'Ask','States':{'Ask':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke.waitForTaskToken','Parameters':{'FunctionName':'notify','Payload':{'token.$':'$$.Task.Token'}},'End':true}}}");
      String taskSm =
          create(
              sfn,
              "task",
              "{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:123456789012:function:work','End':true}}}");
      tokenEx = sfn.startExecution(b -> b.stateMachineArn(tokenSm).name("t1")).executionArn();
      taskEx = sfn.startExecution(b -> b.stateMachineArn(taskSm).name("k1")).executionArn();
      waitStarted = System.currentTimeMillis();
      waitEx =
          sfn.startExecution(b -> b.stateMachineArn(waitSm).name("w1").input("{\"v\":1}"))
              .executionArn();
      Poll.until(
          "the token to be handed out",
          Duration.ofSeconds(10),
          () -> types(sfn, tokenEx).contains(HistoryEventType.TASK_SUBMITTED));
      Poll.until(
          "the task to run",
          Duration.ofSeconds(10),
          () -> Files.exists(dir.resolve("invocations")));
      Poll.until(
          "the wait to start",
          Duration.ofSeconds(10),
          () -> types(sfn, waitEx).contains(HistoryEventType.WAIT_STATE_ENTERED));
      token = read(dir.resolve("token"));
      assertThat(sfn.describeExecution(b -> b.executionArn(waitEx)).status())
          .isEqualTo(ExecutionStatus.RUNNING);
    }
    process.destroyForcibly().waitFor();
    // Two seconds of downtime: a Wait restarted from scratch would then end 2 s late.
    long downUntil = waitStarted + 2000;
    Poll.until(
        "the downtime to pass",
        Duration.ofSeconds(10),
        () -> System.currentTimeMillis() >= downUntil);

    try (SfnClient sfn = startProcess("return")) {
      DescribeExecutionResponse task = awaitEnd(sfn, taskEx);
      assertThat(task.status())
          .as(task.error() + ": " + task.cause())
          .isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(Json.parse(task.output())).isEqualTo(Json.parse("{\"done\":true}"));
      assertThat(Files.readAllLines(dir.resolve("invocations"))).hasSize(2);

      assertThat(sfn.describeExecution(b -> b.executionArn(tokenEx)).status())
          .isEqualTo(ExecutionStatus.RUNNING);
      sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"approved\":true}"));
      DescribeExecutionResponse tok = awaitEnd(sfn, tokenEx);
      assertThat(tok.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(tok.output()).isEqualTo("{\"approved\":true}");

      DescribeExecutionResponse w = awaitEnd(sfn, waitEx);
      assertThat(w.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(w.stopDate().toEpochMilli() - waitStarted)
          .isGreaterThanOrEqualTo(WAIT_SECONDS * 1000 - 1000);
      assertThat(types(sfn, waitEx))
          .containsExactly(
              HistoryEventType.EXECUTION_STARTED,
              HistoryEventType.WAIT_STATE_ENTERED,
              HistoryEventType.WAIT_STATE_EXITED,
              HistoryEventType.PASS_STATE_ENTERED,
              HistoryEventType.PASS_STATE_EXITED,
              HistoryEventType.EXECUTION_SUCCEEDED);
      List<HistoryEvent> events = sfn.getExecutionHistory(b -> b.executionArn(waitEx)).events();
      long waited =
          events.get(2).timestamp().toEpochMilli() - events.get(1).timestamp().toEpochMilli();
      // Resumed with the time left: the Wait ends at its original deadline.
      assertThat(waited).isBetween(WAIT_SECONDS * 1000 - 50, WAIT_SECONDS * 1000 + 900);
      assertThat(sfn.listStateMachines().stateMachines()).hasSize(3);
    }
  }

  private static DescribeExecutionResponse awaitEnd(SfnClient sfn, String arn) {
    return Poll.until(
        "execution " + arn + " to end",
        Duration.ofSeconds(20),
        () -> sfn.describeExecution(b -> b.executionArn(arn)),
        d -> d.status() != ExecutionStatus.RUNNING);
  }
}
