package dev.gennaker.slack.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.gennaker.aws.sqs.LocalSqs;
import dev.gennaker.core.approval.ApprovalStatus;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.slack.SlackBlocks;
import dev.gennaker.slack.SlackWork;
import dev.gennaker.slack.aws.SqsSlackWorkQueue;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The deployed Slack entry points with real API Gateway v2 and SQS events over DynamoDB Local,
 * ElasticMQ and the Step Functions API: the HTTP handler verifies, de-duplicates, queues and
 * answers; the work handler decides and updates the message; failures are reported one by one.
 */
class SlackHandlersTest {
  @TempDir java.nio.file.Path data;
  private AwsSlackFixture f;
  private SlackHttpHandler http;
  private SlackWorkHandler work;

  @BeforeEach
  void start() {
    f = new AwsSlackFixture(data);
    http =
        new SlackHttpHandler(
            f.wired, new SqsSlackWorkQueue(LocalSqs.shared().client(), f.queuePrefix));
    work = new SlackWorkHandler(f.wired);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void aClick_isAcknowledgedAndQueued_thenTheWorkHandlerApprovesAndClosesTheMessage() {
    f.awaitingApproval("ex-1");
    String click = f.click("U0ANA", SlackBlocks.APPROVE, "ex-1", "1795318812.000100");

    long started = System.nanoTime();
    APIGatewayV2HTTPResponse answer =
        http.handleRequest(f.signedEvent(click, AwsSlackFixture.SIGNING_SECRET), null);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(200);
    System.out.println("slack-http-ack-ms=" + took.toMillis());
    // Nothing is decided yet: the work waits on the queue.
    assertThat(
            f.plane
                .approvals()
                .get(f.tenant, "ex-1", AwsSlackFixture.APPROVAL)
                .orElseThrow()
                .status())
        .isEqualTo(ApprovalStatus.PENDING);
    List<Message> queued = f.receiveWork();
    assertThat(queued).hasSize(1);
    SlackWork item = SlackWork.fromJson(queued.get(0).body());
    assertThat(item.kind()).isEqualTo(SlackWork.Kind.APPROVE);
    assertThat(item.tenant()).isEqualTo(f.tenant);
    assertThat(queued.get(0).body()).doesNotContain(AwsSlackFixture.TOKEN, "AQCEAAAA");

    SQSBatchResponse result = work.handleRequest(AwsSlackFixture.sqsEvent(queued), null);

    assertThat(result.getBatchItemFailures()).isEmpty();
    var approval =
        f.plane.approvals().get(f.tenant, "ex-1", AwsSlackFixture.APPROVAL).orElseThrow();
    assertThat(approval.status()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(approval.decision().orElseThrow().decidedBy()).isEqualTo("ana@acme.example");
    assertThat(f.slack.calls("chat.update"))
        .anySatisfy(c -> assertThat(c.json("blocks").toString()).contains("Approved by <@U0ANA>"));
    assertThat(
            f.plane.audit().list(f.tenant, PageRequest.first(20)).items().stream()
                .map(e -> e.action() + " " + e.details().get("via")))
        .contains("approval.approved slack");
  }

  @Test
  void aRetriedDelivery_isAcknowledged_andQueuedOnlyOnce() {
    f.awaitingApproval("ex-2");
    String click = f.click("U0ANA", SlackBlocks.APPROVE, "ex-2", "1795318812.000200");

    long t0 = System.nanoTime();
    var first = http.handleRequest(f.signedEvent(click, AwsSlackFixture.SIGNING_SECRET), null);
    long t1 = System.nanoTime();
    var retry = http.handleRequest(f.signedEvent(click, AwsSlackFixture.SIGNING_SECRET), null);
    long t2 = System.nanoTime();
    System.out.println(
        "slack-http-ack-ms first=" + (t1 - t0) / 1_000_000 + " retry=" + (t2 - t1) / 1_000_000);

    assertThat(first.getStatusCode()).isEqualTo(200);
    assertThat(retry.getStatusCode()).isEqualTo(200);
    assertThat(f.receiveWork()).hasSize(1);
  }

  @Test
  void aWrongSignature_isRefused_andNothingIsQueued() {
    f.awaitingApproval("ex-3");
    String click = f.click("U0ANA", SlackBlocks.APPROVE, "ex-3", "1795318812.000300");

    var answer = http.handleRequest(f.signedEvent(click, "not-the-signing-secret-000000"), null);

    assertThat(answer.getStatusCode()).isEqualTo(401);
    assertThat(answer.getHeaders()).containsEntry("Content-Type", "application/problem+json");
    assertThat(answer.getBody())
        .contains("not signed with this workspace's signing secret")
        .doesNotContain("Exception");
    assertThat(f.receiveWork()).isEmpty();
  }

  @Test
  void aQueueThatCannotBeReached_tellsTheClickerToTryAgain() {
    f.awaitingApproval("ex-4");
    SlackHttpHandler noQueue =
        new SlackHttpHandler(
            f.wired, new SqsSlackWorkQueue(LocalSqs.shared().client(), "no-such-prefix-"));
    String click = f.click("U0ANA", SlackBlocks.APPROVE, "ex-4", "1795318812.000400");

    var answer = noQueue.handleRequest(f.signedEvent(click, AwsSlackFixture.SIGNING_SECRET), null);

    assertThat(answer.getStatusCode()).isEqualTo(200);
    assertThat(f.slack.awaitCalls("response_url", 1, Duration.ofSeconds(5)).get(0).param("text"))
        .startsWith("Gennaker could not take your decision just now");
  }

  @Test
  void failures_areReportedMessageByMessage_andTheLastAttemptTellsTheClicker() {
    f.awaitingApproval("ex-5");
    SlackWork approve =
        new SlackWork(
            SlackWork.Kind.APPROVE,
            f.tenant,
            "ex-5",
            AwsSlackFixture.APPROVAL,
            "U0ANA",
            "C0DEPLOYS",
            f.slack.responseUrl("ex-5-ana"),
            "",
            "");
    SQSEvent event = new SQSEvent();
    // users.info fails (Slack refuses for a reason that is not "no such user"): a fault.
    f.slack.failNext("users.info", "fatal_error");
    event.setRecords(
        List.of(
            AwsSlackFixture.message("m-unreadable", "{\"kind\":\"LAUNCH\"}", 1),
            AwsSlackFixture.message("m-fault", approve.toJson(), 1)));

    SQSBatchResponse first = work.handleRequest(event, null);

    assertThat(first.getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("m-unreadable", "m-fault");
    assertThat(
            f.plane
                .approvals()
                .get(f.tenant, "ex-5", AwsSlackFixture.APPROVAL)
                .orElseThrow()
                .status())
        .isEqualTo(ApprovalStatus.PENDING);
    assertThat(f.slack.calls("response_url")).isEmpty();

    f.slack.failNext("users.info", "fatal_error");
    event.setRecords(
        List.of(
            AwsSlackFixture.message("m-fault", approve.toJson(), SlackWorkHandler.LAST_ATTEMPT)));
    SQSBatchResponse last = work.handleRequest(event, null);

    assertThat(last.getBatchItemFailures()).isEmpty();
    assertThat(f.slack.awaitCalls("response_url", 1, Duration.ofSeconds(5)).get(0).param("text"))
        .startsWith("Gennaker could not take your decision just now");

    event.setRecords(List.of(AwsSlackFixture.message("m-retry", approve.toJson(), 1)));
    assertThat(work.handleRequest(event, null).getBatchItemFailures()).isEmpty();
    assertThat(
            f.plane
                .approvals()
                .get(f.tenant, "ex-5", AwsSlackFixture.APPROVAL)
                .orElseThrow()
                .status())
        .isEqualTo(ApprovalStatus.APPROVED);
  }

  @Test
  void aRefusedClick_isAnsweredEphemerally_byTheWorkHandler() {
    f.awaitingApproval("ex-6");
    String click = f.click("U0DEV", SlackBlocks.APPROVE, "ex-6", "1795318812.000600");
    http.handleRequest(f.signedEvent(click, AwsSlackFixture.SIGNING_SECRET), null);

    SQSBatchResponse result = work.handleRequest(AwsSlackFixture.sqsEvent(f.receiveWork()), null);

    assertThat(result.getBatchItemFailures()).isEmpty();
    assertThat(f.slack.awaitCalls("response_url", 1, Duration.ofSeconds(5)).get(0).param("text"))
        .isEqualTo(
            "Your decision was refused: you triggered this execution, and the pipeline does not"
                + " allow self-approval; someone else must decide.");
    assertThat(
            f.plane
                .approvals()
                .get(f.tenant, "ex-6", AwsSlackFixture.APPROVAL)
                .orElseThrow()
                .status())
        .isEqualTo(ApprovalStatus.PENDING);
  }
}
