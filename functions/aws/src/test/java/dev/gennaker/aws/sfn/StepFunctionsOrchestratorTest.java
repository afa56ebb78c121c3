package dev.gennaker.aws.sfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gennaker.core.runner.Orchestrator;
import dev.gennaker.core.store.StoreUnavailableException;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.statemachines.api.StepFunctionsServer;
import dev.gennaker.statemachines.engine.EngineConfig;
import dev.gennaker.statemachines.engine.LocalStepFunctions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
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

/** The production orchestrator over real HTTP against the local engine's Step Functions API. */
class StepFunctionsOrchestratorTest {
  private static final String DEFINITION =
      """
      {"StartAt": "Wait for it",
       "States": {"Wait for it": {
         "Type": "Task",
         "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
         "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:hold",
                        "Payload": {"token.$": "$$.Task.Token", "input.$": "$"}},
         "End": true}}}
      """;

  private final BlockingQueue<String> tokens = new LinkedBlockingQueue<>();
  private LocalStepFunctions engine;
  private StepFunctionsServer server;
  private SfnClient sfn;
  private StepFunctionsOrchestrator orchestrator;

  @BeforeEach
  void start() throws Exception {
    engine = new LocalStepFunctions(EngineConfig.inMemory());
    engine.registerFunction(
        "hold",
        input -> {
          tokens.add(input.get("token").asText());
          return JsonNodeFactory.instance.objectNode();
        });
    server = StepFunctionsServer.start(engine, new InetSocketAddress("127.0.0.1", 0));
    sfn = client(server.endpoint());
    orchestrator =
        new StepFunctionsOrchestrator(
            sfn,
            "arn:aws:states:us-east-1:123456789012:stateMachine:",
            "gennaker-runner-",
            DEFINITION,
            "arn:aws:iam::123456789012:role/gennaker-runner-");
  }

  private static SfnClient client(URI endpoint) {
    return SfnClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  @AfterEach
  void stop() {
    sfn.close();
    server.close();
    engine.close();
  }

  @Test
  void provisioning_isIdempotent_andDeprovisioningRemovesTheMachine() {
    TenantId acme = TenantId.of("acme");
    String arn = orchestrator.provisionTenant(acme);
    assertThat(arn).isEqualTo(orchestrator.stateMachineArn(acme));
    assertThat(orchestrator.provisionTenant(acme)).isEqualTo(arn);
    assertThat(engine.listStateMachines()).hasSize(1);
    assertThat(engine.describeStateMachine(arn).roleArn())
        .isEqualTo("arn:aws:iam::123456789012:role/gennaker-runner-acme");

    orchestrator.deprovisionTenant(acme);
    orchestrator.deprovisionTenant(acme);
    assertThat(engine.listStateMachines()).isEmpty();
  }

  @Test
  void aChangedDefinition_isUpdatedInPlace() {
    TenantId acme = TenantId.of("acme");
    String arn = orchestrator.provisionTenant(acme);
    String changed = DEFINITION.replace("Wait for it", "Hold on");
    new StepFunctionsOrchestrator(
            sfn,
            "arn:aws:states:us-east-1:123456789012:stateMachine:",
            "gennaker-runner-",
            changed,
            "arn:aws:iam::123456789012:role/gennaker-runner-")
        .provisionTenant(acme);
    assertThat(engine.describeStateMachine(arn).definition()).contains("Hold on");
  }

  @Test
  void startIsIdempotent_andTaskTokensResumeOrAreGone() throws Exception {
    TenantId acme = TenantId.of("acme");
    orchestrator.provisionTenant(acme);
    String run = orchestrator.start(acme, "ex-1", "{\"executionId\":\"ex-1\"}");
    assertThat(orchestrator.start(acme, "ex-1", "{\"executionId\":\"ex-1\"}")).isEqualTo(run);
    String token = tokens.poll(10, TimeUnit.SECONDS);
    assertThat(token).isNotNull();
    orchestrator.sendTaskHeartbeat(token);
    orchestrator.sendTaskSuccess(token, "{\"ok\":true}");
    assertThat(engine.awaitExecution(run, Duration.ofSeconds(10)).status()).isEqualTo("SUCCEEDED");
    assertThatThrownBy(() -> orchestrator.sendTaskSuccess(token, "{}"))
        .isInstanceOf(Orchestrator.TaskTokenGoneException.class);
    assertThatThrownBy(() -> orchestrator.sendTaskFailure("not-a-token", "E", "c"))
        .isInstanceOf(Orchestrator.TaskTokenGoneException.class);
  }

  @Test
  void stop_endsARun() throws Exception {
    TenantId acme = TenantId.of("acme");
    orchestrator.provisionTenant(acme);
    String run = orchestrator.start(acme, "ex-2", "{}");
    assertThat(tokens.poll(10, TimeUnit.SECONDS)).isNotNull();
    orchestrator.stop(run, "Gennaker.Canceled", "canceled by ana");
    orchestrator.stop(run, "Gennaker.Canceled", "canceled by ana");
    assertThat(engine.describeExecution(run).status()).isEqualTo("ABORTED");
  }

  @Test
  void anUnreachableEngine_isUnavailable_soCallersRetry() {
    server.close();
    assertThatThrownBy(() -> orchestrator.provisionTenant(TenantId.of("acme")))
        .isInstanceOf(StoreUnavailableException.class);
  }
}
