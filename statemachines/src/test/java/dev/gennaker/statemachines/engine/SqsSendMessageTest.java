package dev.gennaker.statemachines.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gennaker.statemachines.asl.Json;
import dev.gennaker.statemachines.testing.Poll;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The sqs:sendMessage resources against ElasticMQ, as the agent command queues use them. */
class SqsSendMessageTest {
  private static SQSRestServer elasticMq;
  private static SqsClient sqs;

  @BeforeAll
  static void startSqs() {
    elasticMq = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
    int port = elasticMq.waitUntilStarted().localAddress().getPort();
    sqs =
        SqsClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + port))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  @AfterAll
  static void stopSqs() {
    sqs.close();
    elasticMq.stopAndWait();
  }

  private static List<Message> receive(String queueUrl) {
    return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
        .messages();
  }

  @Test
  void sendMessage_putsTheBodyOnTheQueueAndReturnsItsId() throws Exception {
    String q = sqs.createQueue(b -> b.queueName("plain")).queueUrl();
    try (LocalStepFunctions sfn = new LocalStepFunctions(EngineConfig.inMemory().withSqs(sqs))) {
      var sm =
          sfn.createStateMachine(
              "send",
              ("{'StartAt':'S','States':{'S':{'Type':'Task','Resource':'arn:aws:states:::sqs:sendMessage',"
                      + "'Parameters':{'QueueUrl':'"
                      + q
                      + "','MessageBody':{'cmd.$':'$.cmd'}},'End':true}}}")
                  .replace('\'', '"'),
              null,
              null);
      var ex = sfn.startExecution(sm.arn(), "e", "{\"cmd\":\"apply\"}");
      var done = sfn.awaitExecution(ex.arn(), Duration.ofSeconds(10));
      assertThat(done.status()).as(done.error() + " " + done.cause()).isEqualTo("SUCCEEDED");
      assertThat(Json.parse(done.output()).get("MessageId").asText()).isNotBlank();
      List<Message> got = receive(q);
      assertThat(got).extracting(Message::body).containsExactly("{\"cmd\":\"apply\"}");
    }
  }

  @Test
  void sendMessageWaitForTaskToken_parksUntilTheConsumerAnswers() throws Exception {
    String q = sqs.createQueue(b -> b.queueName("commands")).queueUrl();
    try (LocalStepFunctions sfn = new LocalStepFunctions(EngineConfig.inMemory().withSqs(sqs))) {
      var sm =
          sfn.createStateMachine(
              "agent",
              ("{'StartAt':'S','States':{'S':{'Type':'Task','Resource':'arn:aws:states:::sqs:sendMessage.waitForTaskToken',"
                      + "'Parameters':{'QueueUrl':'"
                      + q
                      + "','MessageBody':{'token.$':'$$.Task.Token','cmd':'deploy'}},'ResultPath':'$.result','End':true}}}")
                  .replace('\'', '"'),
              null,
              null);
      var ex = sfn.startExecution(sm.arn(), "e", "{}");
      List<Message> got =
          Poll.until(
              "the command message", Duration.ofSeconds(10), () -> receive(q), l -> !l.isEmpty());
      JsonNode body = Json.parse(got.get(0).body());
      assertThat(body.get("cmd").asText()).isEqualTo("deploy");
      String token = body.get("token").asText();
      Poll.until(
          "the task to park",
          Duration.ofSeconds(5),
          () ->
              sfn.history(ex.arn()).stream()
                  .anyMatch(e -> e.get("type").asText().equals("TaskSubmitted")));
      assertThat(sfn.describeExecution(ex.arn()).status()).isEqualTo("RUNNING");
      sfn.sendTaskSuccess(token, "{\"rolledOut\":true}");
      var done = sfn.awaitExecution(ex.arn(), Duration.ofSeconds(10));
      assertThat(Json.parse(done.output()))
          .isEqualTo(Json.parse("{\"result\":{\"rolledOut\":true}}"));
    }
  }

  @Test
  void sendMessage_toAMissingQueue_failsWithAnSqsError() throws Exception {
    try (LocalStepFunctions sfn = new LocalStepFunctions(EngineConfig.inMemory().withSqs(sqs))) {
      var sm =
          sfn.createStateMachine(
              "missing",
              "{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage\",\"Parameters\":{\"QueueUrl\":\"http://127.0.0.1:1/000000000000/nope\",\"MessageBody\":\"x\"},\"End\":true}}}",
              null,
              null);
      var done =
          sfn.awaitExecution(sfn.startExecution(sm.arn(), "e", "{}").arn(), Duration.ofSeconds(30));
      assertThat(done.status()).isEqualTo("FAILED");
      assertThat(done.error()).startsWith("SQS.");
    }
  }
}
