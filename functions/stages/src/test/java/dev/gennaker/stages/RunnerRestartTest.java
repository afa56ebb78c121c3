package dev.gennaker.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.runner.DecideApproval;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.statemachines.engine.EngineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine dies while executions wait; after it starts again on its journal, they go on. */
class RunnerRestartTest {

  @Test
  void executionsWaitingOnAnApprovalAndATimer_finishAfterTheEngineRestarts(@TempDir Path dir) {
    EngineConfig config = EngineConfig.inMemory().withDataDir(dir);
    try (RunnerHarness h = new RunnerHarness(Duration.ofSeconds(120), config)) {
      h.apply(
          """
          apiVersion: gennaker.dev/v1
          kind: Pipeline
          metadata: {name: gated, application: orders}
          spec:
            stages:
              - id: staging
                type: deploy
                with: {cluster: staging, namespace: orders, manifests: m}
              - id: approve
                type: approval
                dependsOn: [staging]
                with: {message: "Ship?", approvers: [deployer]}
              - {id: soak, type: wait, dependsOn: [approve], with: {duration: 2s}}
              - id: prod
                type: deploy
                dependsOn: [soak]
                with: {cluster: production, namespace: orders, manifests: m}
          """);
      Execution e = h.start("gated", "dev-ana", Map.of());
      RunnerHarness.awaitTrue(
          () ->
              !h.approvals
                  .listPending(RunnerHarness.TENANT, new PageRequest(10, Optional.empty()))
                  .items()
                  .isEmpty(),
          Duration.ofSeconds(20),
          () -> "the approval");

      h.orchestrator.restart(config);

      var approval =
          h.approvals
              .listPending(RunnerHarness.TENANT, new PageRequest(10, Optional.empty()))
              .items()
              .get(0);
      var outcome =
          new DecideApproval(h.services)
              .decide(
                  RunnerHarness.TENANT,
                  e.executionId(),
                  approval.approvalId(),
                  new DecideApproval.Decider("lead-bo", Set.of(Role.DEPLOYER), "api"),
                  true,
                  "");
      assertThat(outcome).isInstanceOf(DecideApproval.Outcome.Decided.class);
      RunnerHarness.awaitTrue(
          () -> h.stages(e).get("soak") == dev.gennaker.core.pipeline.StageStatus.RUNNING,
          Duration.ofSeconds(20),
          () -> "the soak timer to start; " + h.describe(e));

      h.orchestrator.restart(config); // again, in the middle of the Wait

      h.await(e, ExecutionStatus.SUCCEEDED);
      assertThat(h.commandsSeen)
          .extracting(c -> c.command().agentId())
          .containsExactly("agent-staging", "agent-production");
    }
  }
}
