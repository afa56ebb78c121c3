package dev.gennaker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gennaker.api.ApiFunction;
import dev.gennaker.api.ApiWiring;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.aws.ControlPlane;
import dev.gennaker.aws.dynamodb.TableSchema;
import dev.gennaker.aws.sfn.RunnerDefinition;
import dev.gennaker.core.agent.AgentCommand;
import dev.gennaker.core.agent.ReceivedCommand;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The AWS-facing parts against LocalStack, where a Docker engine exists: the control plane's
 * DynamoDB stores, SQS agent queues and Step Functions orchestrator, through the API function as
 * deployed. Where no Docker engine answers (these build machines), it skips itself and says why.
 *
 * <p>Run it alone: {@code ./mvnw -B verify -pl integration-tests -am -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=LocalStackIT}.
 */
class LocalStackIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IMAGE = "localstack/localstack:4.4";
  private static LocalStackContainer localstack;
  private static ControlPlane plane;
  @TempDir static Path data;

  @BeforeAll
  static void start() throws Exception {
    String why = dockerMissing();
    if (why != null) {
      System.out.println("LocalStackIT skipped: " + why);
    }
    Assumptions.assumeTrue(why == null, "LocalStackIT needs a Docker engine: " + why);
    localstack =
        new LocalStackContainer(DockerImageName.parse(IMAGE))
            .withServices(Service.DYNAMODB, Service.SQS, Service.STEPFUNCTIONS);
    localstack.start();
    String fn = "arn:aws:lambda:" + localstack.getRegion() + ":000000000000:function:gennaker-";
    Optional<java.net.URI> endpoint = Optional.of(localstack.getEndpoint());
    plane =
        new ControlPlane(
            new ControlPlane.Config(
                localstack.getRegion(),
                "gennaker",
                new ControlPlane.Endpoints(endpoint, endpoint, endpoint),
                "gennaker-",
                "arn:aws:states:" + localstack.getRegion() + ":000000000000:stateMachine:",
                "gennaker-runner-",
                "arn:aws:iam::000000000000:role/gennaker-runner-",
                Map.of(
                    RunnerDefinition.PLAN, fn + "plan",
                    RunnerDefinition.RUN_STAGE, fn + "run-stage",
                    RunnerDefinition.RECORD_FAILURE, fn + "record-failure",
                    RunnerDefinition.FINISH, fn + "finish"),
                Optional.empty(),
                Optional.empty(),
                Optional.of(Files.createDirectories(data.resolve("plane"))),
                "localstack-it"),
            Clock.systemUTC());
    TableSchema.ensureTable(plane.dynamo(), "gennaker");
  }

  /** Why no Docker engine can be used here, or null when one answers. */
  private static String dockerMissing() {
    try {
      return DockerClientFactory.instance().isDockerAvailable()
          ? null
          : "no Docker engine answers (testcontainers found no usable DOCKER_HOST or socket)";
    } catch (RuntimeException | LinkageError e) {
      return "no Docker engine: " + e.getMessage();
    }
  }

  @AfterAll
  static void stop() {
    if (plane != null) {
      plane.close();
    }
    if (localstack != null) {
      localstack.stop();
    }
  }

  private static HttpResponse call(
      ApiFunction api, String method, String path, String key, String type, String body) {
    Map<String, String> headers = new java.util.HashMap<>();
    headers.put("Content-Type", type);
    if (key != null) {
      headers.put("Authorization", "Bearer " + key);
    }
    return api.handle(
        new HttpRequest(
            method, path, Map.of(), headers, body.getBytes(StandardCharsets.UTF_8), "127.0.0.1"));
  }

  @Test
  void signUpProvisionsTheRunner_pipelinesAreStored_andAgentQueuesCarryCommands() throws Exception {
    ApiFunction api = new ApiFunction(ApiWiring.services(plane, Notifier.NONE));
    String tenant = "ls-" + Long.toString(System.nanoTime(), 36);
    HttpResponse signedUp =
        call(
            api,
            "POST",
            "/v1/signup",
            null,
            "application/json",
            "{\"tenantId\":\"" + tenant + "\",\"adminEmail\":\"ana@shop.io\"}");
    String answer = new String(signedUp.body(), StandardCharsets.UTF_8);
    assertThat(signedUp.status()).as(answer).isEqualTo(201);
    String key = JSON.readTree(answer).get("apiKey").asText();

    try (SfnClient sfn =
        SfnClient.builder()
            .region(Region.of(localstack.getRegion()))
            .endpointOverride(localstack.getEndpoint())
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        localstack.getAccessKey(), localstack.getSecretKey())))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build()) {
      assertThat(sfn.listStateMachines().stateMachines())
          .extracting(m -> m.name())
          .contains("gennaker-runner-" + tenant);
    }

    String pipeline =
        Files.readString(
            Gennaker.REPO.resolve("tenants/demo/repos/demo/shop/.gennaker/release.yml"));
    HttpResponse applied = call(api, "POST", "/v1/pipelines", key, "application/yaml", pipeline);
    assertThat(applied.status())
        .as(new String(applied.body(), StandardCharsets.UTF_8))
        .isEqualTo(201);
    JsonNode listed =
        JSON.readTree(call(api, "GET", "/v1/pipelines", key, "application/json", "").body());
    assertThat(listed.get("items").toString()).contains("\"release\"");

    TenantId id = new TenantId(tenant);
    plane.agents().open(id, "agent-1");
    plane
        .agents()
        .send(
            new AgentCommand(
                "cmd-1",
                id,
                "agent-1",
                "apply",
                "shop",
                Optional.empty(),
                Map.of(),
                Instant.now()));
    List<ReceivedCommand> received =
        plane.agents().receive(id, "agent-1", 10, Duration.ofSeconds(5));
    assertThat(received).extracting(r -> r.command().commandId()).containsExactly("cmd-1");
    plane.agents().ack(id, "agent-1", received.get(0).receipt());
  }
}
