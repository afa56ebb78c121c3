package dev.gennaker.api.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gennaker.aws.ControlPlane;
import dev.gennaker.aws.dynamodb.LocalDynamoDb;
import dev.gennaker.aws.sfn.RunnerDefinition;
import dev.gennaker.statemachines.api.StepFunctionsServer;
import dev.gennaker.statemachines.engine.EngineConfig;
import dev.gennaker.statemachines.engine.LocalStepFunctions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployed entry point, wired like production (DynamoDB tables, the Step Functions API, files
 * for blobs and secrets) against the local engines, driven with real API Gateway v2 events.
 */
class ApiHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;
  private LocalStepFunctions engine;
  private StepFunctionsServer sfn;
  private ControlPlane plane;

  @BeforeEach
  void start() throws Exception {
    engine = new LocalStepFunctions(EngineConfig.inMemory());
    sfn = StepFunctionsServer.start(engine, new InetSocketAddress("127.0.0.1", 0));
    String fn = "arn:aws:lambda:eu-west-1:123456789012:function:gennaker-";
    plane =
        new ControlPlane(
            new ControlPlane.Config(
                "eu-west-1",
                LocalDynamoDb.TABLE,
                new ControlPlane.Endpoints(
                    Optional.of(LocalDynamoDb.shared().endpoint()),
                    Optional.of(URI.create("http://127.0.0.1:9")),
                    Optional.of(sfn.endpoint())),
                "gennaker-test-",
                "arn:aws:states:eu-west-1:123456789012:stateMachine:",
                "gennaker-runner-",
                "arn:aws:iam::123456789012:role/gennaker-runner-",
                Map.of(
                    RunnerDefinition.PLAN, fn + "plan",
                    RunnerDefinition.RUN_STAGE, fn + "run-stage",
                    RunnerDefinition.RECORD_FAILURE, fn + "record-failure",
                    RunnerDefinition.FINISH, fn + "finish"),
                Optional.empty(),
                Optional.empty(),
                Optional.of(data),
                "handler-test"),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    plane.close();
    sfn.close();
    engine.close();
  }

  private static APIGatewayV2HTTPEvent event(
      String method, String path, String key, String contentType, String body) {
    APIGatewayV2HTTPEvent event =
        EventLoader.loadApiGatewayHttpEvent("events/apigw-v2-validate.json");
    event.setRawPath(path);
    event.setRawQueryString("");
    event.setQueryStringParameters(Map.of());
    event.getRequestContext().getHttp().setMethod(method);
    event.getRequestContext().getHttp().setPath(path);
    Map<String, String> headers = new HashMap<>(event.getHeaders());
    headers.remove("content-length");
    headers.put("content-type", contentType);
    if (key != null) {
      headers.put("authorization", "Bearer " + key);
    }
    event.setHeaders(headers);
    event.setBody(body == null ? null : Base64.getEncoder().encodeToString(body.getBytes()));
    event.setIsBase64Encoded(body != null);
    return event;
  }

  @Test
  void signUp_thenCallsWithTheKey_throughTheDeployedEntryPoint() throws Exception {
    ApiHandler handler = new ApiHandler(plane);
    String tenant = "handler-" + Long.toString(System.nanoTime(), 36);
    APIGatewayV2HTTPResponse signedUp =
        handler.handleRequest(
            event(
                "POST",
                "/v1/signup",
                null,
                "application/json",
                "{\"tenantId\":\"" + tenant + "\",\"adminEmail\":\"ana@shop.io\"}"),
            null);
    assertThat(signedUp.getStatusCode()).as(signedUp.getBody()).isEqualTo(201);
    String key = JSON.readTree(signedUp.getBody()).get("apiKey").asText();
    assertThat(engine.listStateMachines())
        .extracting(m -> m.name())
        .contains("gennaker-runner-" + tenant);
    assertThat(
            engine.listStateMachines().stream()
                .filter(m -> m.name().equals("gennaker-runner-" + tenant))
                .findFirst()
                .orElseThrow()
                .definition())
        .contains("arn:aws:lambda:eu-west-1:123456789012:function:gennaker-plan")
        .doesNotContain("${");

    APIGatewayV2HTTPResponse me =
        handler.handleRequest(event("GET", "/v1/tenant", key, "application/json", null), null);
    assertThat(me.getStatusCode()).isEqualTo(200);
    JsonNode t = JSON.readTree(me.getBody());
    assertThat(t.get("tenantId").asText()).isEqualTo(tenant);
    assertThat(t.get("status").asText()).isEqualTo("ACTIVE");

    APIGatewayV2HTTPResponse hooks =
        handler.handleRequest(
            event("GET", "/v1/tenant/webhooks", key, "application/json", null), null);
    assertThat(JSON.readTree(hooks.getBody()).at("/github/url").asText())
        .isEqualTo(
            "https://abcdef1234.execute-api.eu-west-1.amazonaws.com/webhooks/github/" + tenant);

    APIGatewayV2HTTPResponse anonymous =
        handler.handleRequest(event("GET", "/v1/tenant", null, "application/json", null), null);
    assertThat(anonymous.getStatusCode()).isEqualTo(401);
    assertThat(anonymous.getHeaders()).containsEntry("Content-Type", "application/problem+json");
  }

  @Test
  void aMissingEnvironment_isNamedInFull() {
    assertThatThrownBy(() -> ControlPlane.fromEnvironment(Map.of("AWS_REGION", "eu-west-1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "the function's environment lacks GENNAKER_TABLE, GENNAKER_QUEUE_PREFIX,"
                + " GENNAKER_STATE_MACHINE_ARN_PREFIX, GENNAKER_RUNNER_ROLE_ARN_PREFIX,"
                + " GENNAKER_PLAN_FUNCTION_ARN, GENNAKER_RUN_STAGE_FUNCTION_ARN,"
                + " GENNAKER_RECORD_FAILURE_FUNCTION_ARN, GENNAKER_FINISH_FUNCTION_ARN,"
                + " GENNAKER_BLOB_BUCKET, GENNAKER_SECRETS_PREFIX, GENNAKER_PAGE_TOKEN_KEY");
  }
}
