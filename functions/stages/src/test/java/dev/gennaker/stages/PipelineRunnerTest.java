package dev.gennaker.stages;

import static dev.gennaker.core.pipeline.StageStatus.FAILED;
import static dev.gennaker.core.pipeline.StageStatus.SKIPPED;
import static dev.gennaker.core.pipeline.StageStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.runner.DecideApproval;
import dev.gennaker.core.runner.StageOutcome;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.tenant.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pipelines run end to end on the local ASL engine with {@code pipeline-runner.asl.json}, the
 * runner's task functions, in-memory stores and a scripted agent.
 */
class PipelineRunnerTest {
  private RunnerHarness h = new RunnerHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private static final String RELEASE =
      """
      apiVersion: gennaker.dev/v1
      kind: Pipeline
      metadata:
        name: orders-release
        application: orders
      spec:
        stages:
          - id: check
            type: checkPreconditions
            with:
              expressions:
                - expression: "trigger.repository == 'acme/orders'"
                  message: only acme/orders ships here
          - id: staging
            type: deploy
            dependsOn: [check]
            with:
              cluster: staging
              namespace: orders
              manifests: "blob:manifests/orders.yaml"
          - id: approve
            type: approval
            dependsOn: [staging]
            when: "trigger.branch == 'main'"
            with:
              message: "Promote ${trigger.commit} to production?"
              approvers: [deployer]
          - id: prod
            type: deploy
            dependsOn: [approve]
            with:
              cluster: production
              namespace: orders
              manifests: "blob:manifests/orders.yaml"
      """;

  private Execution startRelease(String actor, String branch) {
    h.apply(RELEASE);
    return h.start(
        "orders-release",
        actor,
        Map.of("repository", "acme/orders", "branch", branch, "commit", "abc123"));
  }

  private Approval awaitApproval(Execution e) {
    RunnerHarness.awaitTrue(
        () ->
            !h.approvals
                .listPending(RunnerHarness.TENANT, new PageRequest(10, Optional.empty()))
                .items()
                .isEmpty(),
        Duration.ofSeconds(20),
        () -> "an approval; execution is " + h.describe(e));
    return h.approvals
        .listPending(RunnerHarness.TENANT, new PageRequest(10, Optional.empty()))
        .items()
        .get(0);
  }

  private DecideApproval.Outcome decide(Approval a, String who, boolean approve) {
    return new DecideApproval(h.services)
        .decide(
            RunnerHarness.TENANT,
            a.executionId(),
            a.approvalId(),
            new DecideApproval.Decider(who, Set.of(Role.DEPLOYER), "api"),
            approve,
            "looks good");
  }

  @Test
  void release_runsThroughStagingApprovalAndProduction() {
    Execution e = startRelease("dev-ana", "main");
    Approval approval = awaitApproval(e);
    assertThat(h.stages(e)).containsEntry("check", SUCCEEDED).containsEntry("staging", SUCCEEDED);
    assertThat(decide(approval, "lead-bo", true))
        .isInstanceOf(DecideApproval.Outcome.Decided.class);
    Execution done = h.await(e, ExecutionStatus.SUCCEEDED);
    assertThat(h.stages(e))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "check", SUCCEEDED, "staging", SUCCEEDED, "approve", SUCCEEDED, "prod", SUCCEEDED));
    assertThat(h.stage(e, "approve").outputs())
        .containsEntry("decision", "approved")
        .containsEntry("decidedBy", "lead-bo");
    assertThat(done.finishedAt()).isPresent();
    assertThat(h.commandsSeen)
        .extracting(c -> c.command().agentId() + ":" + c.command().type())
        .containsExactly("agent-staging:apply", "agent-production:apply");
    assertThat(h.notifications).contains("STARTED", "AWAITING_APPROVAL approve", "SUCCEEDED");
  }

  @Test
  void selfApproval_isRefused_andSomeoneElseCanStillApprove() {
    Execution e = startRelease("dev-ana", "main");
    Approval approval = awaitApproval(e);
    DecideApproval.Outcome self = decide(approval, "dev-ana", true);
    assertThat(self).isInstanceOf(DecideApproval.Outcome.Refused.class);
    assertThat(((DecideApproval.Outcome.Refused) self).reason())
        .contains("you triggered this execution");
    assertThat(decide(approval, "lead-bo", true))
        .isInstanceOf(DecideApproval.Outcome.Decided.class);
    h.await(e, ExecutionStatus.SUCCEEDED);
  }

  @Test
  void rejection_failsTheExecution_withWhoAndWhy() {
    Execution e = startRelease("dev-ana", "main");
    decide(awaitApproval(e), "lead-bo", false);
    h.await(e, ExecutionStatus.FAILED);
    assertThat(h.stages(e)).containsEntry("approve", FAILED).containsEntry("prod", SKIPPED);
    assertThat(h.stage(e, "approve").error().orElseThrow())
        .contains("rejected by lead-bo: looks good");
  }

  @Test
  void secondDecision_isRefused_andSaysWhoDecided() {
    Execution e = startRelease("dev-ana", "main");
    Approval approval = awaitApproval(e);
    decide(approval, "lead-bo", true);
    DecideApproval.Outcome late = decide(approval, "lead-cy", false);
    assertThat(((DecideApproval.Outcome.Refused) late).reason())
        .startsWith("already approved by lead-bo");
    h.await(e, ExecutionStatus.SUCCEEDED);
  }

  @Test
  void falseCondition_skipsTheApproval_andProductionWithIt() {
    Execution e = startRelease("dev-ana", "feature/x");
    h.await(e, ExecutionStatus.SUCCEEDED);
    assertThat(h.stages(e))
        .containsEntry("staging", SUCCEEDED)
        .containsEntry("approve", SKIPPED)
        .containsEntry("prod", SKIPPED);
    assertThat(h.commandsSeen).hasSize(1);
  }

  @Test
  void failedPrecondition_failsTheExecutionWithItsMessage() {
    h.apply(RELEASE);
    Execution e =
        h.start("orders-release", "dev-ana", Map.of("repository", "acme/other", "branch", "main"));
    h.await(e, ExecutionStatus.FAILED);
    assertThat(h.stage(e, "check").error().orElseThrow())
        .contains("only acme/orders ships here (trigger.repository == 'acme/orders' is false)");
    assertThat(h.stages(e)).containsEntry("staging", SKIPPED);
    assertThat(h.commandsSeen).isEmpty();
  }

  @Test
  void agentFailure_failsTheStageWithTheAgentsReason() {
    h.agentScript.put(
        "staging", c -> new StageOutcome.Failed("Deployment/orders: ProgressDeadlineExceeded"));
    Execution e = startRelease("dev-ana", "main");
    h.await(e, ExecutionStatus.FAILED);
    assertThat(h.stage(e, "staging").error().orElseThrow()).contains("ProgressDeadlineExceeded");
    assertThat(h.notifications).contains("STAGE_FAILED staging", "FAILED");
  }

  @Test
  void duplicateAgentResults_areAppliedOnce() {
    h.agentScript.put(
        "staging",
        c -> {
          var p = c.command().parameters();
          var complete = new dev.gennaker.core.runner.CompleteStage(h.services);
          var first =
              complete.complete(
                  RunnerHarness.TENANT,
                  p.get("executionId"),
                  "staging",
                  1,
                  new StageOutcome.Succeeded(Map.of("revision", "7")));
          var again =
              complete.complete(
                  RunnerHarness.TENANT,
                  p.get("executionId"),
                  "staging",
                  1,
                  new StageOutcome.Failed("late duplicate"));
          assertThat(first).isEqualTo(dev.gennaker.core.runner.CompleteStage.Result.COMPLETED);
          assertThat(again).isEqualTo(dev.gennaker.core.runner.CompleteStage.Result.ALREADY_ENDED);
          return null; // already answered
        });
    Execution e = startRelease("dev-ana", "feature/x");
    h.await(e, ExecutionStatus.SUCCEEDED);
    assertThat(h.stage(e, "staging").outputs()).containsEntry("revision", "7");
  }

  @Test
  void silentAgent_failsTheStageThroughTheHeartbeat() {
    h.close();
    h = new RunnerHarness(Duration.ofSeconds(1));
    h.agentScript.put("staging", c -> null); // receives the command, never answers
    Execution e = startRelease("dev-ana", "main");
    h.await(e, ExecutionStatus.FAILED);
    assertThat(h.stage(e, "staging").error().orElseThrow())
        .contains("no sign of life from the cluster's agent");
  }

  @Test
  void diamond_runsBranchesInParallel_andTransitionsStayWithinBudget() {
    h.apply(
        """
        apiVersion: gennaker.dev/v1
        kind: Pipeline
        metadata: {name: diamond, application: orders}
        spec:
          stages:
            - {id: a, type: checkPreconditions, with: {expressions: [{expression: "true"}]}}
            - id: b
              type: deploy
              dependsOn: [a]
              with: {cluster: staging, namespace: orders, manifests: m}
            - id: c
              type: deploy
              dependsOn: [a]
              with: {cluster: production, namespace: orders, manifests: m}
            - {id: d, type: checkPreconditions, dependsOn: [b, c], with: {expressions: [{expression: "stages.b.status == 'succeeded' && stages.c.status == 'succeeded'"}]}}
        """);
    Execution e = h.start("diamond", "dev-ana", Map.of());
    h.await(e, ExecutionStatus.SUCCEEDED);
    long entered =
        h.history(e).stream()
            .filter(ev -> ev.get("type").asText().endsWith("StateEntered"))
            .count();
    assertThat(entered).as("state transitions for 4 stages").isLessThanOrEqualTo(4 * 5);
  }

  @Test
  void waitStage_isATimer_andEndsOnItsOwn() {
    h.apply(
        """
        apiVersion: gennaker.dev/v1
        kind: Pipeline
        metadata: {name: pause, application: orders}
        spec:
          stages:
            - {id: soak, type: wait, with: {duration: 1s}}
            - {id: after, type: checkPreconditions, dependsOn: [soak], with: {expressions: [{expression: "stages.soak.status == 'succeeded'"}]}}
        """);
    Execution e = h.start("pause", "dev-ana", Map.of());
    h.await(e, ExecutionStatus.SUCCEEDED);
    var soak = h.stage(e, "soak");
    assertThat(Duration.between(soak.startedAt().orElseThrow(), soak.finishedAt().orElseThrow()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void stateMachinePayloads_holdIdsOnly() {
    Execution e = startRelease("dev-ana", "feature/x");
    h.await(e, ExecutionStatus.SUCCEEDED);
    List<com.fasterxml.jackson.databind.node.ObjectNode> history = h.history(e);
    int largest = history.stream().mapToInt(ev -> ev.toString().length()).max().orElseThrow();
    assertThat(largest).as("largest history event").isLessThan(2_000);
    assertThat(history.toString())
        .doesNotContain("manifests/orders.yaml")
        .doesNotContain("acme/orders");
  }

  @Test
  void rollback_undoesAFailedDeploy_thenFailsTheExecution() {
    String withRollback =
        RELEASE.replace(
            "    - id: prod\n      type: deploy\n      dependsOn: [approve]\n",
            "    - id: prod\n      type: deploy\n      dependsOn: [approve]\n      onFailure: rollback\n");
    assertThat(withRollback).contains("onFailure: rollback");
    h.apply(withRollback);
    h.agentScript.put("prod", c -> new StageOutcome.Failed("Deployment/orders: ImagePullBackOff"));
    Execution e =
        h.start("orders-release", "dev-ana", Map.of("repository", "acme/orders", "branch", "main"));
    decide(awaitApproval(e), "lead-bo", true);
    h.await(e, ExecutionStatus.FAILED);
    assertThat(h.stage(e, "prod").outputs()).containsEntry("rollback", "succeeded");
    assertThat(h.commandsSeen)
        .extracting(c -> c.command().agentId() + ":" + c.command().type())
        .containsExactly(
            "agent-staging:apply", "agent-production:apply", "agent-production:rollback");
  }

  @Test
  void cancel_midDeploy_cancelsStages_abortsTheAgentCommand_andEndsCanceled() {
    h.agentScript.put("staging", c -> null); // the deploy runs "forever"
    Execution e = startRelease("dev-ana", "main");
    RunnerHarness.awaitTrue(
        () -> h.commandsSeen.stream().anyMatch(c -> c.command().type().equals("apply")),
        Duration.ofSeconds(20),
        () -> "the staging deploy command");
    Execution canceled =
        new dev.gennaker.core.runner.CancelExecution(h.services)
            .cancel(RunnerHarness.TENANT, e.executionId(), "ops-cy", false);
    assertThat(canceled.status()).isEqualTo(ExecutionStatus.CANCELED);
    assertThat(h.stages(e).values())
        .allMatch(st -> st == SUCCEEDED || st == dev.gennaker.core.pipeline.StageStatus.CANCELED);
    assertThat(h.stages(e))
        .containsEntry("staging", dev.gennaker.core.pipeline.StageStatus.CANCELED);
    RunnerHarness.awaitTrue(
        () -> h.commandsSeen.stream().anyMatch(c -> c.command().type().equals("abort")),
        Duration.ofSeconds(5),
        () -> "an abort command");
    // A late result from the agent changes nothing.
    assertThat(
            new dev.gennaker.core.runner.CompleteStage(h.services)
                .complete(
                    RunnerHarness.TENANT, e.executionId(), "staging", 1, StageOutcome.succeeded()))
        .isEqualTo(dev.gennaker.core.runner.CompleteStage.Result.ALREADY_ENDED);
    RunnerHarness.awaitTrue(
        () ->
            !h.orchestrator
                .engine
                .describeExecution(canceled.stateMachineExecutionArn().orElseThrow())
                .status()
                .equals("RUNNING"),
        Duration.ofSeconds(5),
        () -> "the runner to stop");
  }

  @Test
  void cancel_releasesAPendingApproval() {
    Execution e = startRelease("dev-ana", "main");
    Approval approval = awaitApproval(e);
    new dev.gennaker.core.runner.CancelExecution(h.services)
        .cancel(RunnerHarness.TENANT, e.executionId(), "ops-cy", true);
    DecideApproval.Outcome late = decide(approval, "lead-bo", true);
    assertThat(((DecideApproval.Outcome.Refused) late).reason())
        .startsWith("already expired by ops-cy");
    assertThat(h.stages(e))
        .containsEntry("approve", dev.gennaker.core.pipeline.StageStatus.CANCELED);
  }

  @Test
  void restart_fromTheFailedStage_keepsEarlierResults_andRunsTheRest() {
    h.agentScript.put(
        "staging", c -> new StageOutcome.Failed("Deployment/orders: ProgressDeadlineExceeded"));
    Execution first = startRelease("dev-ana", "feature/x");
    h.await(first, ExecutionStatus.FAILED);
    h.agentScript.remove("staging");
    int commandsBefore = h.commandsSeen.size();
    Execution second =
        new dev.gennaker.core.runner.RestartExecution(h.services)
            .restart(RunnerHarness.TENANT, first.executionId(), "staging", "dev-ana");
    assertThat(second.trigger().details()).containsEntry("restartOf", first.executionId());
    h.await(second, ExecutionStatus.SUCCEEDED);
    assertThat(h.stage(second, "check").finishedAt())
        .isEqualTo(h.stage(first, "check").finishedAt());
    assertThat(h.stages(second)).containsEntry("staging", SUCCEEDED).containsEntry("prod", SKIPPED);
    assertThat(h.commandsSeen).hasSize(commandsBefore + 1);
  }

  @Test
  void hundredStages_stayFarBelowTheHistoryLimit_withAtMostFiveTransitionsPerStage() {
    StringBuilder y =
        new StringBuilder(
            "apiVersion: gennaker.dev/v1\nkind: Pipeline\nmetadata: {name: big, application: orders}\nspec:\n  stages:\n");
    for (int i = 0; i < 100; i++) {
      y.append("    - id: s").append(i).append('\n');
      y.append(
          i % 2 == 0
              ? "      type: checkPreconditions\n      with: {expressions: [{expression: \"true\"}]}\n"
              : "      type: deploy\n      with: {cluster: staging, namespace: orders, manifests: m}\n");
      if (i > 0) {
        y.append("      dependsOn: [s").append(i - 1).append("]\n");
      }
    }
    h.apply(y.toString());
    Execution e = h.start("big", "dev-ana", Map.of());
    h.await(e, ExecutionStatus.SUCCEEDED);
    List<com.fasterxml.jackson.databind.node.ObjectNode> history = h.history(e);
    long transitions =
        history.stream().filter(ev -> ev.get("type").asText().endsWith("StateEntered")).count();
    // Five per stage, plus the last Plan, its Choice and Finish.
    assertThat(transitions).as("transitions for 100 stages").isLessThanOrEqualTo(5 * 100 + 3);
    assertThat(history.size()).as("history events").isLessThan(2_500);
  }

  @Test
  void approvalTimeout_failsTheStage_andTheApprovalCanNoLongerBeDecided() {
    h.apply(RELEASE.replace("approvers: [deployer]", "approvers: [deployer]\n        timeout: 1s"));
    Execution e =
        h.start("orders-release", "dev-ana", Map.of("repository", "acme/orders", "branch", "main"));
    h.await(e, ExecutionStatus.FAILED);
    assertThat(h.stage(e, "approve").error().orElseThrow())
        .isEqualTo("no decision within the approval's timeout");
    Approval expired =
        h.approvals
            .listForExecution(
                RunnerHarness.TENANT, e.executionId(), new PageRequest(10, Optional.empty()))
            .items()
            .get(0);
    assertThat(expired.status()).isEqualTo(dev.gennaker.core.approval.ApprovalStatus.EXPIRED);
    assertThat(((DecideApproval.Outcome.Refused) decide(expired, "lead-bo", true)).reason())
        .startsWith("already expired by gennaker");
  }

  @Test
  void agentProgress_keepsASlowStageAlive_beyondItsHeartbeat() {
    h.close();
    h = new RunnerHarness(Duration.ofSeconds(1));
    var progress = new dev.gennaker.core.runner.ReportStageProgress(h.services);
    h.agentScript.put(
        "staging",
        c -> {
          var p = c.command().parameters();
          // Three seconds of work with a report every half second: longer than the heartbeat.
          java.time.Instant end = java.time.Instant.now().plusSeconds(3);
          int n = 0;
          while (java.time.Instant.now().isBefore(end)) {
            assertThat(
                    progress.report(
                        RunnerHarness.TENANT,
                        p.get("executionId"),
                        "staging",
                        1,
                        (++n) + "/5 replicas updated"))
                .isTrue();
            java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L);
          }
          return new StageOutcome.Succeeded(Map.of("revision", "2"));
        });
    Execution e = startRelease("dev-ana", "feature/x");
    h.await(e, ExecutionStatus.SUCCEEDED);
    var events =
        h.executions
            .listEvents(
                RunnerHarness.TENANT, e.executionId(), new PageRequest(100, Optional.empty()))
            .items();
    assertThat(events).anyMatch(ev -> ev.message().equals("staging: 1/5 replicas updated"));
    assertThat(progress.report(RunnerHarness.TENANT, e.executionId(), "staging", 1, "late"))
        .isFalse();
  }

  @Test
  void failureWithContinue_letsTheRestRun_andTheExecutionSucceed() {
    h.apply(
        RELEASE.replace(
            "    - id: staging\n      type: deploy\n      dependsOn: [check]\n",
            "    - id: staging\n      type: deploy\n      dependsOn: [check]\n      onFailure: continue\n"));
    h.agentScript.put(
        "staging", c -> new StageOutcome.Failed("Deployment/orders: ProgressDeadlineExceeded"));
    Execution e =
        h.start("orders-release", "dev-ana", Map.of("repository", "acme/orders", "branch", "main"));
    decide(awaitApproval(e), "lead-bo", true);
    h.await(e, ExecutionStatus.SUCCEEDED);
    assertThat(h.stages(e))
        .containsEntry("staging", FAILED)
        .containsEntry("approve", SUCCEEDED)
        .containsEntry("prod", SUCCEEDED);
    assertThat(h.stage(e, "staging").error().orElseThrow()).contains("ProgressDeadlineExceeded");
  }
}
