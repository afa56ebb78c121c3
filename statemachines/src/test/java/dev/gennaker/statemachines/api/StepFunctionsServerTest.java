package dev.gennaker.statemachines.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.statemachines.asl.Json;
import dev.gennaker.statemachines.engine.EngineConfig;
import dev.gennaker.statemachines.engine.LocalStepFunctions;
import dev.gennaker.statemachines.testing.Poll;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResultCode;

/** The real AWS SDK client against the local HTTP endpoint. */
class StepFunctionsServerTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/sfn";
  private LocalStepFunctions engine;
  private StepFunctionsServer server;
  private SfnClient sfn;
  private final LinkedBlockingQueue<String> tokens = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    engine = new LocalStepFunctions(EngineConfig.inMemory());
    engine.registerFunction(
        "notify",
        in -> {
          tokens.add(in.get("token").asText());
          return Json.object();
        });
    engine.registerFunction("double", in -> Json.F.numberNode(in.get("n").asInt() * 2));
    server = StepFunctionsServer.start(engine, new InetSocketAddress("127.0.0.1", 0));
    sfn =
        SfnClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  @AfterEach
  void stop() {
    sfn.close();
    server.close();
    engine.close();
  }

  private String create(String name, String definition) {
    return sfn.createStateMachine(
            b -> b.name(name).definition(definition.replace('\'', '"')).roleArn(ROLE))
        .stateMachineArn();
  }

  private DescribeExecutionResponse awaitDone(String arn) {
    return Poll.until(
        "execution " + arn + " to end",
        Duration.ofSeconds(10),
        () -> sfn.describeExecution(b -> b.executionArn(arn)),
        d -> d.status() != ExecutionStatus.RUNNING);
  }

  @Test
  void stateMachineLifecycle_createDescribeListUpdateDelete() {
    String def = "{'StartAt':'A','States':{'A':{'Type':'Pass','End':true}}}";
    String arn = create("lifecycle", def);
    assertThat(arn).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:lifecycle");
    assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(arn)).definition())
        .isEqualTo(def.replace('\'', '"'));
    assertThat(sfn.listStateMachines().stateMachines())
        .extracting(s -> s.name())
        .containsExactly("lifecycle");
    sfn.updateStateMachine(
        b ->
            b.stateMachineArn(arn)
                .definition("{\"StartAt\":\"B\",\"States\":{\"B\":{\"Type\":\"Succeed\"}}}"));
    assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(arn)).definition())
        .contains("Succeed");
    sfn.deleteStateMachine(b -> b.stateMachineArn(arn));
    assertThatThrownBy(() -> sfn.describeStateMachine(b -> b.stateMachineArn(arn)))
        .isInstanceOf(StateMachineDoesNotExistException.class)
        .hasMessageContaining("State Machine Does Not Exist");
  }

  @Test
  void invalidDefinition_isRejectedWithTheProblemLocation() {
    assertThatThrownBy(
            () -> create("bad", "{'StartAt':'A','States':{'A':{'Type':'Pass','Next':'B'}}}"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("/States/A/Next");
    var v =
        sfn.validateStateMachineDefinition(
            b -> b.definition("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\"}}}"));
    assertThat(v.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
    assertThat(v.diagnostics()).extracting(d -> d.location()).containsExactly("/States/A/Next");
  }

  @Test
  void execution_runsALambdaAndIsDescribed() {
    String sm =
        create(
            "double",
            "{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:123456789012:function:double','End':true}}}");
    String ex =
        sfn.startExecution(b -> b.stateMachineArn(sm).name("e1").input("{\"n\":21}"))
            .executionArn();
    DescribeExecutionResponse d = awaitDone(ex);
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(d.output()).isEqualTo("42");
    assertThat(d.stopDate()).isNotNull();
    assertThat(sfn.listExecutions(b -> b.stateMachineArn(sm)).executions())
        .extracting(e -> e.name())
        .containsExactly("e1");
    var forExecution = sfn.describeStateMachineForExecution(b -> b.executionArn(ex));
    assertThat(forExecution.stateMachineArn()).isEqualTo(sm);
    assertThat(forExecution.definition()).contains("function:double");
  }

  @Test
  void startExecution_isIdempotentByNameAndInputWhileRunning() {
    String sm =
        create("wait", "{'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':1000,'End':true}}}");
    String a =
        sfn.startExecution(b -> b.stateMachineArn(sm).name("same").input("{}")).executionArn();
    String again =
        sfn.startExecution(b -> b.stateMachineArn(sm).name("same").input("{}")).executionArn();
    assertThat(again).isEqualTo(a);
    assertThatThrownBy(
            () -> sfn.startExecution(b -> b.stateMachineArn(sm).name("same").input("{\"x\":1}")))
        .isInstanceOf(ExecutionAlreadyExistsException.class);
    sfn.stopExecution(b -> b.executionArn(a).error("Stopped").cause("by test"));
    DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(a));
    assertThat(d.status()).isEqualTo(ExecutionStatus.ABORTED);
    assertThat(d.error()).isEqualTo("Stopped");
  }

  @Test
  void taskToken_successResumesTheExecution() throws Exception {
    String sm =
        create(
            "token",
            "{'StartAt':'Ask','States':{'Ask':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke.waitForTaskToken',"
                + "'Parameters':{'FunctionName':'notify','Payload':{'token.$':'$$.Task.Token'}},'ResultPath':'$.answer','Next':'Done'},'Done':{'Type':'Succeed'}}}");
    String ex = sfn.startExecution(b -> b.stateMachineArn(sm).input("{\"q\":1}")).executionArn();
    String token = tokens.poll(10, TimeUnit.SECONDS);
    assertThat(token).isNotNull();
    Poll.until(
        "the task to be submitted",
        Duration.ofSeconds(5),
        () -> types(ex).contains(HistoryEventType.TASK_SUBMITTED));
    sfn.sendTaskHeartbeat(b -> b.taskToken(token));
    sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"ok\":true}"));
    DescribeExecutionResponse d = awaitDone(ex);
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(Json.parse(d.output())).isEqualTo(Json.parse("{\"q\":1,\"answer\":{\"ok\":true}}"));
    assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}")))
        .hasMessageContaining("Task");
    assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken("A".repeat(64)).output("{}")))
        .isInstanceOf(TaskDoesNotExistException.class);
  }

  @Test
  void taskToken_failureIsCaught() throws Exception {
    String sm =
        create(
            "tokenfail",
            "{'StartAt':'Ask','States':{'Ask':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke.waitForTaskToken',"
                + "'Parameters':{'FunctionName':'notify','Payload':{'token.$':'$$.Task.Token'}},'Catch':[{'ErrorEquals':['Rejected'],'Next':'No'}],'End':true},'No':{'Type':'Pass','End':true}}}");
    String ex = sfn.startExecution(b -> b.stateMachineArn(sm)).executionArn();
    String token = tokens.poll(10, TimeUnit.SECONDS);
    Poll.until(
        "the task to be submitted",
        Duration.ofSeconds(5),
        () -> types(ex).contains(HistoryEventType.TASK_SUBMITTED));
    sfn.sendTaskFailure(b -> b.taskToken(token).error("Rejected").cause("no"));
    DescribeExecutionResponse d = awaitDone(ex);
    assertThat(Json.parse(d.output()))
        .isEqualTo(Json.parse("{\"Error\":\"Rejected\",\"Cause\":\"no\"}"));
  }

  @Test
  void heartbeatTimeout_failsASilentTask() {
    String sm =
        create(
            "silent",
            "{'StartAt':'Ask','States':{'Ask':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke.waitForTaskToken',"
                + "'Parameters':{'FunctionName':'notify','Payload':{'token.$':'$$.Task.Token'}},'HeartbeatSeconds':1,'End':true}}}");
    String ex = sfn.startExecution(b -> b.stateMachineArn(sm)).executionArn();
    DescribeExecutionResponse d = awaitDone(ex);
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.error()).isEqualTo("States.HeartbeatTimeout");
    assertThat(types(ex)).contains(HistoryEventType.TASK_TIMED_OUT);
  }

  @Test
  void history_hasAwsEventShapesPagingAndReverseOrder() {
    String sm =
        create(
            "hist",
            "{'StartAt':'A','States':{'A':{'Type':'Pass','Next':'B'},'B':{'Type':'Pass','End':true}}}");
    String ex = sfn.startExecution(b -> b.stateMachineArn(sm).input("{\"a\":1}")).executionArn();
    awaitDone(ex);
    GetExecutionHistoryResponse first =
        sfn.getExecutionHistory(b -> b.executionArn(ex).maxResults(4));
    assertThat(first.events()).hasSize(4);
    assertThat(first.nextToken()).isNotNull();
    GetExecutionHistoryResponse rest =
        sfn.getExecutionHistory(b -> b.executionArn(ex).nextToken(first.nextToken()));
    assertThat(rest.nextToken()).isNull();
    HistoryEvent started = first.events().get(0);
    assertThat(started.type()).isEqualTo(HistoryEventType.EXECUTION_STARTED);
    assertThat(started.executionStartedEventDetails().input()).isEqualTo("{\"a\":1}");
    assertThat(started.timestamp()).isNotNull();
    assertThat(first.events().get(1).stateEnteredEventDetails().name()).isEqualTo("A");
    assertThat(rest.events())
        .extracting(HistoryEvent::type)
        .containsExactly(HistoryEventType.PASS_STATE_EXITED, HistoryEventType.EXECUTION_SUCCEEDED);
    List<HistoryEvent> reversed =
        sfn.getExecutionHistory(b -> b.executionArn(ex).reverseOrder(true)).events();
    assertThat(reversed.get(0).type()).isEqualTo(HistoryEventType.EXECUTION_SUCCEEDED);
    assertThat(reversed.get(0).executionSucceededEventDetails().output()).isEqualTo("{\"a\":1}");
    assertThat(reversed).extracting(HistoryEvent::id).containsExactly(6L, 5L, 4L, 3L, 2L, 1L);
  }

  @Test
  void unknownExecution_isExecutionDoesNotExist() {
    assertThatThrownBy(
            () ->
                sfn.describeExecution(
                    b -> b.executionArn("arn:aws:states:us-east-1:123456789012:execution:x:y")))
        .isInstanceOf(
            software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException.class);
    assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn("not-an-arn")))
        .isInstanceOf(software.amazon.awssdk.services.sfn.model.InvalidArnException.class);
  }

  private List<HistoryEventType> types(String ex) {
    return sfn.getExecutionHistory(b -> b.executionArn(ex)).events().stream()
        .map(HistoryEvent::type)
        .toList();
  }
}
