package dev.gennaker.slack;

import static dev.gennaker.slack.SlackFixture.CHANNEL;
import static dev.gennaker.slack.SlackFixture.TENANT;
import static dev.gennaker.slack.SlackFixture.assertGolden;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.gennaker.core.approval.ApprovalStatus;
import dev.gennaker.core.approval.Decision;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.pipeline.StageStatus;
import dev.gennaker.core.runner.DecideApproval;
import dev.gennaker.core.runner.Notifier.Event;
import dev.gennaker.core.slack.SlackMessage;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.TenantId;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackNotifierTest {
  private final SlackFixture f = new SlackFixture();
  private final SlackStandIn slack = f.slack;

  @AfterEach
  void stop() {
    f.close();
  }

  private void finishStage(String executionId, String stageId, StageStatus status, String error) {
    var r = f.executions.getStage(TENANT, executionId, stageId).orElseThrow();
    f.executions.updateStage(
        r.finished(status, Map.of(), Optional.ofNullable(error), f.clock.instant()));
  }

  @Test
  void oneMessagePerExecution_isUpdatedInPlace_andFailuresGoToItsThread() {
    Execution e = f.execution("ex-1");
    f.notifier.notify(Event.STARTED, e, null, null);
    f.stage("ex-1", "bake", "bakeManifests");
    f.clock.advance(Duration.ofSeconds(40));
    finishStage("ex-1", "bake", StageStatus.SUCCEEDED, null);
    f.stage("ex-1", "deploy-prod", "deploy");
    f.notifier.notify(Event.STAGE_PROGRESS, e, "deploy-prod", null);
    f.clock.advance(Duration.ofSeconds(152));
    finishStage(
        "ex-1", "deploy-prod", StageStatus.FAILED, "Deployment billing: ProgressDeadlineExceeded");
    f.notifier.notify(
        Event.STAGE_FAILED, e, "deploy-prod", "Deployment billing: ProgressDeadlineExceeded");
    f.executions.update(
        f.executions
            .get(TENANT, "ex-1")
            .orElseThrow()
            .withStatus(ExecutionStatus.FAILED, f.clock.instant()));
    f.notifier.notify(Event.FAILED, e, null, null); // as FinishExecution tells it

    var posts = slack.calls("chat.postMessage");
    var updates = slack.calls("chat.update");
    // The sequence Slack saw: one post, then updates of that same message, failures threaded.
    assertThat(slack.calls().stream().map(SlackStandIn.Call::method))
        .containsExactly(
            "chat.postMessage", "chat.update", "chat.update", "chat.postMessage", "chat.update");
    String ts = posts.get(0).param("ts") == null ? null : posts.get(0).param("ts");
    assertThat(ts).isNull();
    String mainTs = f.messages.get(TENANT, "ex-1", SlackMessage.EXECUTION).orElseThrow().ts();
    assertThat(posts.get(0).param("channel")).isEqualTo(CHANNEL);
    assertThat(posts.get(0).param("thread_ts")).isNull();
    assertThat(updates).allSatisfy(u -> assertThat(u.param("ts")).isEqualTo(mainTs));
    assertThat(updates).allSatisfy(u -> assertThat(u.param("channel")).isEqualTo(CHANNEL));
    assertThat(posts.get(1).param("thread_ts")).isEqualTo(mainTs);

    assertGolden("execution-started.json", posts.get(0).param("blocks"));
    assertGolden("execution-running.json", updates.get(0).param("blocks"));
    assertGolden("execution-failed.json", updates.get(2).param("blocks"));
    assertGolden("stage-failed-reply.json", posts.get(1).param("blocks"));
    assertThat(updates.get(2).param("text")).isEqualTo("billing › deploy-prod: failed");
  }

  @Test
  void approvalMessage_hasButtonsCarryingTheApprovalId_neverTheTaskToken() {
    f.awaitingApproval("ex-1");

    var posts = slack.calls("chat.postMessage");
    assertThat(posts).hasSize(2);
    var approval = posts.get(1);
    assertGolden("approval-pending.json", approval.param("blocks"));
    assertThat(approval.body()).doesNotContain(SlackFixture.TASK_TOKEN);
    assertThat(slack.calls()).noneMatch(c -> c.body().contains(SlackFixture.TASK_TOKEN));
    assertThat(approval.json("blocks").findValuesAsText("value"))
        .containsExactly("ex-1 prod-approval-1", "ex-1 prod-approval-1");
    assertThat(f.messages.get(TENANT, "ex-1", "approval.prod-approval-1").orElseThrow().state())
        .isEqualTo("pending");
  }

  @Test
  void repeatedAwaitingApproval_postsNoSecondApprovalMessage() {
    Execution e = f.awaitingApproval("ex-1");
    f.notifier.notify(
        Event.AWAITING_APPROVAL,
        e,
        SlackFixture.STAGE,
        "again",
        Map.of("approvalId", SlackFixture.APPROVAL));

    assertThat(slack.calls("chat.postMessage")).hasSize(2);
  }

  @Test
  void decisionThroughTheApi_updatesTheApprovalMessageForEveryone() {
    f.awaitingApproval("ex-1");
    String approvalTs =
        f.messages.get(TENANT, "ex-1", "approval.prod-approval-1").orElseThrow().ts();
    f.clock.advance(Duration.ofMinutes(2));

    var outcome =
        f.decide.decide(
            TENANT,
            "ex-1",
            SlackFixture.APPROVAL,
            new DecideApproval.Decider("ana@acme.example", EnumSet.of(Role.DEPLOYER), "api"),
            true,
            "");

    assertThat(outcome).isInstanceOf(DecideApproval.Outcome.Decided.class);
    var closing =
        slack.calls("chat.update").stream().filter(u -> approvalTs.equals(u.param("ts"))).toList();
    assertThat(closing).hasSize(1);
    assertGolden("approval-approved.json", closing.get(0).param("blocks"));
    assertThat(closing.get(0).param("blocks")).doesNotContain("\"actions\"");
    assertThat(f.messages.get(TENANT, "ex-1", "approval.prod-approval-1").orElseThrow().state())
        .isEqualTo("closed");
  }

  @Test
  void timedOutApproval_isClosedWhenTheStageFails() {
    Execution e = f.awaitingApproval("ex-1");
    String approvalTs =
        f.messages.get(TENANT, "ex-1", "approval.prod-approval-1").orElseThrow().ts();
    f.clock.advance(Duration.ofHours(4));
    // What the runner's RecordStageFailure does on States.Timeout, then CompleteStage notifies.
    f.approvals.decide(
        TENANT,
        "ex-1",
        SlackFixture.APPROVAL,
        new Decision(
            ApprovalStatus.EXPIRED,
            "gennaker",
            f.clock.instant(),
            "no decision before the timeout"));
    f.notifier.notify(
        Event.STAGE_FAILED, e, SlackFixture.STAGE, "no decision within the approval's timeout");

    var closing =
        slack.calls("chat.update").stream().filter(u -> approvalTs.equals(u.param("ts"))).toList();
    assertThat(closing).hasSize(1);
    assertGolden("approval-expired.json", closing.get(0).param("blocks"));
  }

  @Test
  void rateLimitedSlack_isRetried_andTheMessageStillLands() {
    slack.rateLimitNext("chat.postMessage", 2, 3);

    f.notifier.notify(Event.STARTED, f.execution("ex-1"), null, null);

    assertThat(slack.calls("chat.postMessage")).hasSize(3);
    assertThat(f.waits).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
    assertThat(f.messages.get(TENANT, "ex-1", SlackMessage.EXECUTION)).isPresent();
  }

  @Test
  void slackDown_neverThrowsIntoTheRunner() {
    slack.close();

    assertThatCode(() -> f.notifier.notify(Event.STARTED, f.execution("ex-1"), null, null))
        .doesNotThrowAnyException();
    assertThat(f.messages.get(TENANT, "ex-1", SlackMessage.EXECUTION)).isEmpty();
  }

  @Test
  void tenantsWithoutSlack_areSkipped() {
    TenantId other = TenantId.of("globex");
    Execution e =
        Execution.queued(
            other,
            "ex-9",
            "app",
            "pipe",
            1,
            new dev.gennaker.core.execution.Trigger("api", "x@globex.example", Map.of()),
            Map.of(),
            java.util.List.of(),
            SlackFixture.T0);

    f.notifier.notify(Event.STARTED, e, null, null);

    assertThat(slack.calls()).isEmpty();
  }
}
