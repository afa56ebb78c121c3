package dev.gennaker.statemachines.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.statemachines.asl.Json;
import dev.gennaker.statemachines.testing.Poll;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Engine behaviour that needs real timers, concurrency or the Java facade. */
class EngineTest {
  private final LocalStepFunctions sfn = new LocalStepFunctions(EngineConfig.inMemory());
  private final LinkedBlockingQueue<String> tokens = new LinkedBlockingQueue<>();

  @AfterEach
  void close() {
    sfn.close();
  }

  private String run(String name, String definition, String input) {
    var sm = sfn.createStateMachine(name, definition.replace('\'', '"'), null, null);
    return sfn.startExecution(sm.arn(), null, input).arn();
  }

  private LocalStepFunctions.ExecutionInfo await(String arn) throws InterruptedException {
    var d = sfn.awaitExecution(arn, Duration.ofSeconds(15));
    assertThat(d.status()).as("execution ended").isNotEqualTo("RUNNING");
    return d;
  }

  private List<ObjectNode> events(String arn, String type) {
    return sfn.history(arn).stream().filter(e -> e.get("type").asText().equals(type)).toList();
  }

  private void parkingFunction() {
    sfn.registerFunction(
        "park",
        in -> {
          tokens.add(in.get("token").asText());
          return Json.object();
        });
  }

  private static final String PARK =
      "{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke.waitForTaskToken','Parameters':{'FunctionName':'park','Payload':{'token.$':'$$.Task.Token'}}";

  @Test
  void taskTimeout_raisesStatesTimeoutAndInterruptsTheCall() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    sfn.registerFunction(
        "slow",
        in -> {
          try {
            new CountDownLatch(1).await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            interrupted.countDown();
            Thread.currentThread().interrupt();
          }
          return in;
        });
    String ex =
        run(
            "timeout",
            "{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:123456789012:function:slow','TimeoutSeconds':1,"
                + "'Catch':[{'ErrorEquals':['States.Timeout'],'Next':'Late'}],'End':true},'Late':{'Type':'Pass','End':true}}}",
            "{}");
    var d = await(ex);
    assertThat(d.status()).isEqualTo("SUCCEEDED");
    assertThat(Json.parse(d.output()).get("Error").asText()).isEqualTo("States.Timeout");
    assertThat(events(ex, "LambdaFunctionTimedOut")).hasSize(1);
    assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the hung call was interrupted").isTrue();
  }

  @Test
  void retryIntervals_growByTheBackoffRateUpToMaxDelay() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    sfn.registerFunction(
        "flaky",
        in -> {
          if (calls.incrementAndGet() < 4) {
            throw new TaskFailure("Flaky", "try " + calls.get());
          }
          return Json.F.textNode("ok");
        });
    String ex =
        run(
            "retry",
            "{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:123456789012:function:flaky',"
                + "'Retry':[{'ErrorEquals':['Flaky'],'IntervalSeconds':1,'BackoffRate':1.5,'MaxDelaySeconds':1,'MaxAttempts':3}],'End':true}}}",
            "{}");
    var d = await(ex);
    assertThat(d.status()).isEqualTo("SUCCEEDED");
    List<ObjectNode> scheduled = events(ex, "LambdaFunctionScheduled");
    assertThat(scheduled).hasSize(4);
    for (int i = 1; i < scheduled.size(); i++) {
      double gap =
          scheduled.get(i).get("timestamp").asDouble()
              - scheduled.get(i - 1).get("timestamp").asDouble();
      // 1 s, then 1.5 s and 2.25 s capped at MaxDelaySeconds = 1.
      assertThat(gap).isBetween(0.95, 1.6);
    }
  }

  @Test
  void stop_releasesTheTokenOfAParkedTask() throws Exception {
    parkingFunction();
    String ex = run("stop", "{'StartAt':'P','States':{'P':" + PARK + ",'End':true}}}", "{}");
    String token = tokens.poll(10, TimeUnit.SECONDS);
    Poll.until(
        "the task to park", Duration.ofSeconds(5), () -> !events(ex, "TaskSubmitted").isEmpty());
    var stopped = sfn.stopExecution(ex, "Cancelled", "by user");
    assertThat(stopped.status()).isEqualTo("ABORTED");
    assertThat(events(ex, "ExecutionAborted")).hasSize(1);
    assertThat(events(ex, "TaskStateAborted")).hasSize(1);
    assertThatThrownBy(() -> sfn.sendTaskSuccess(token, "{}")).isInstanceOf(SfnException.class);
  }

  @Test
  void executionTimeout_endsTheExecutionTimedOut() throws Exception {
    String ex =
        run(
            "exectimeout",
            "{'TimeoutSeconds':1,'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':60,'End':true}}}",
            "{}");
    var d = await(ex);
    assertThat(d.status()).isEqualTo("TIMED_OUT");
    assertThat(events(ex, "ExecutionTimedOut")).hasSize(1);
  }

  @Test
  void map_respectsMaxConcurrency() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    sfn.registerFunction(
        "work",
        in -> {
          int now = running.incrementAndGet();
          peak.accumulateAndGet(now, Math::max);
          try {
            new CountDownLatch(1).await(30, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          running.decrementAndGet();
          return in;
        });
    String ex =
        run(
            "mapconc",
            "{'StartAt':'M','States':{'M':{'Type':'Map','MaxConcurrency':2,'ItemProcessor':{'StartAt':'W','States':{'W':{'Type':'Task',"
                + "'Resource':'arn:aws:lambda:us-east-1:123456789012:function:work','End':true}}},'End':true}}}",
            "[1,2,3,4,5,6]");
    var d = await(ex);
    assertThat(d.output()).isEqualTo("[1,2,3,4,5,6]");
    assertThat(peak.get()).isEqualTo(2);
  }

  @Test
  void tokensInsideMapIterations_resumeTheirOwnIteration() throws Exception {
    java.util.Map<Integer, String> byItem = new java.util.concurrent.ConcurrentHashMap<>();
    sfn.registerFunction(
        "parkItem",
        in -> {
          byItem.put(in.get("item").asInt(), in.get("token").asText());
          return Json.object();
        });
    String ex =
        run(
            "maptokens",
            "{'StartAt':'M','States':{'M':{'Type':'Map','ItemProcessor':{'StartAt':'P','States':{'P':"
                + "{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke.waitForTaskToken','Parameters':{'FunctionName':'parkItem','Payload':{'token.$':'$$.Task.Token','item.$':'$'}},"
                + "'End':true}}},'End':true}}}",
            "[0,1,2]");
    Poll.until(
        "all three to park", Duration.ofSeconds(5), () -> events(ex, "TaskSubmitted").size() == 3);
    for (int i = 2; i >= 0; i--) {
      sfn.sendTaskSuccess(byItem.get(i), "\"answer-" + i + "\"");
    }
    var d = await(ex);
    assertThat(d.output()).isEqualTo("[\"answer-0\",\"answer-1\",\"answer-2\"]");
    assertThat(byItem.values()).doesNotHaveDuplicates().allMatch(t -> t.length() == 64);
  }

  @Test
  void tokenAnsweredBeforeTheCallReturns_isAccepted() throws Exception {
    sfn.registerFunction(
        "answerAtOnce",
        in -> {
          sfn.sendTaskSuccess(in.get("token").asText(), "{\"fast\":true}");
          return Json.object();
        });
    String ex =
        run(
            "fast",
            "{'StartAt':'P','States':{'P':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke.waitForTaskToken',"
                + "'Parameters':{'FunctionName':'answerAtOnce','Payload':{'token.$':'$$.Task.Token'}},'End':true}}}",
            "{}");
    assertThat(await(ex).output()).isEqualTo("{\"fast\":true}");
  }

  @Test
  void heartbeats_keepASlowTaskAlivePastHeartbeatSeconds() throws Exception {
    parkingFunction();
    String ex =
        run(
            "heartbeat",
            "{'StartAt':'P','States':{'P':" + PARK + ",'HeartbeatSeconds':1,'End':true}}}",
            "{}");
    String token = tokens.poll(10, TimeUnit.SECONDS);
    long until = System.currentTimeMillis() + 2500;
    while (System.currentTimeMillis() < until) {
      sfn.sendTaskHeartbeat(token);
      long next = System.currentTimeMillis() + 300;
      Poll.until(
          "the next heartbeat", Duration.ofSeconds(5), () -> System.currentTimeMillis() >= next);
    }
    sfn.sendTaskSuccess(token, "\"alive\"");
    assertThat(await(ex).output()).isEqualTo("\"alive\"");
  }

  @Test
  void answeringAFinishedTask_isTaskTimedOut() throws Exception {
    parkingFunction();
    String ex = run("twice", "{'StartAt':'P','States':{'P':" + PARK + ",'End':true}}}", "{}");
    String token = tokens.poll(10, TimeUnit.SECONDS);
    sfn.sendTaskSuccess(token, "1");
    await(ex);
    assertThatThrownBy(() -> sfn.sendTaskSuccess(token, "2"))
        .isInstanceOf(SfnException.class)
        .extracting(e -> ((SfnException) e).type())
        .isEqualTo("TaskTimedOut");
  }

  @Test
  void sendTaskSuccess_withInvalidJson_isInvalidOutput() throws Exception {
    parkingFunction();
    run("badoutput", "{'StartAt':'P','States':{'P':" + PARK + ",'End':true}}}", "{}");
    String token = tokens.poll(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> sfn.sendTaskSuccess(token, "{nope"))
        .isInstanceOf(SfnException.class)
        .extracting(e -> ((SfnException) e).type())
        .isEqualTo("InvalidOutput");
  }

  @Test
  void branchEvents_linkToTheEventThatStartedTheirBranch() throws Exception {
    String ex =
        run(
            "links",
            "{'StartAt':'M','States':{'M':{'Type':'Map','ItemProcessor':{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}},'End':true}}}",
            "[1]");
    await(ex);
    List<ObjectNode> h = sfn.history(ex);
    ObjectNode iteration = events(ex, "MapIterationStarted").get(0);
    ObjectNode entered = events(ex, "PassStateEntered").get(0);
    assertThat(entered.get("previousEventId").asLong()).isEqualTo(iteration.get("id").asLong());
    for (int i = 0; i < h.size(); i++) {
      assertThat(h.get(i).get("id").asLong()).isEqualTo(i + 1);
      assertThat(h.get(i).get("previousEventId").asLong()).isLessThan(i + 1);
    }
  }

  @Test
  void unknownStateMachine_isStateMachineDoesNotExist() {
    assertThatThrownBy(
            () ->
                sfn.startExecution(
                    "arn:aws:states:us-east-1:123456789012:stateMachine:nope", null, "{}"))
        .isInstanceOf(SfnException.class)
        .extracting(e -> ((SfnException) e).type())
        .isEqualTo("StateMachineDoesNotExist");
  }
}
