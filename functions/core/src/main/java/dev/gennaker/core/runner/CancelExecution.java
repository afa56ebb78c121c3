package dev.gennaker.core.runner;

import dev.gennaker.core.agent.AgentCommand;
import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.approval.ApprovalStatus;
import dev.gennaker.core.approval.Decision;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.pipeline.Stage;
import dev.gennaker.core.pipeline.StageStatus;
import dev.gennaker.core.pipeline.stage.ClusterTarget;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.StoreException;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Stops an execution: the runner stops, running stages and stages not started become CANCELED,
 * agents are told to abort the commands they run, pending approvals are closed, and the execution
 * ends CANCELED. {@code force} does the same without waiting on anything that may be stuck (an
 * unreachable agent, a runner that does not stop): for executions that a normal cancel cannot end.
 * Idempotent: canceling an ended execution changes nothing.
 */
public final class CancelExecution {
  private final RunnerServices s;

  public CancelExecution(RunnerServices services) {
    this.s = services;
  }

  /** Cancels on behalf of {@code who}, who needs the deployer role. */
  public Execution cancel(
      dev.gennaker.core.tenant.Principal who, String executionId, boolean force) {
    who.require(dev.gennaker.core.tenant.Role.DEPLOYER);
    return cancel(who.tenant(), executionId, who.userId(), force);
  }

  public Execution cancel(TenantId tenant, String executionId, String actor, boolean force) {
    Instant now = s.clock().instant();
    ExecutionView view = ExecutionView.load(s, tenant, executionId);
    Execution execution = view.execution;
    if (execution.status().isTerminal()) {
      return execution;
    }
    execution
        .stateMachineExecutionArn()
        .ifPresent(
            arn -> {
              try {
                s.orchestrator().stop(arn, "Gennaker.Canceled", "canceled by " + actor);
              } catch (RuntimeException e) {
                if (!force) {
                  throw e;
                }
              }
            });
    for (Stage stage : view.pipeline.stages()) {
      StageRecord r = view.records.get(stage.id());
      if (r != null && r.status().isTerminal()) {
        continue;
      }
      if (r != null && r.status() == StageStatus.RUNNING) {
        if (!force) {
          abortAgentCommand(view, stage, r);
        }
        closeApproval(tenant, executionId, stage.id(), r.attempts(), actor, now);
        s.tokens().remove(tenant, executionId, stage.id(), r.attempts());
      }
      StageRecord base =
          r != null ? r : StageRecord.notStarted(tenant, executionId, stage.id(), stage.type());
      StageRecord canceled =
          ExecutionView.ended(base, StageStatus.CANCELED, base.outputs(), null, now);
      try {
        if (r == null) {
          s.executions().createStage(canceled);
        } else {
          s.executions().updateStage(canceled);
        }
      } catch (ConflictException e) {
        if (!force) {
          throw e;
        }
      }
    }
    Execution current = s.executions().get(tenant, executionId).orElseThrow();
    Execution done = s.executions().update(current.withStatus(ExecutionStatus.CANCELED, now));
    ExecutionView.event(
        s,
        done,
        "execution.canceled",
        null,
        (force ? "force-canceled by " : "canceled by ") + actor,
        now);
    s.notifier().notify(Notifier.Event.CANCELED, done, null, actor);
    PipelineStageExecutor.childEnded(s, done);
    return done;
  }

  private void abortAgentCommand(ExecutionView view, Stage stage, StageRecord r) {
    if (!(stage.spec() instanceof ClusterTarget target)) {
      return;
    }
    Execution e = view.execution;
    var agents =
        s.clusters()
            .listAgents(e.tenant(), target.cluster(), new PageRequest(10, Optional.empty()))
            .items();
    String commandId = e.executionId() + "-" + stage.id() + "-" + r.attempts();
    for (var agent : agents) {
      s.agents()
          .send(
              new AgentCommand(
                  commandId + "-abort",
                  e.tenant(),
                  agent.agentId(),
                  "abort",
                  target.namespace(),
                  Optional.empty(),
                  Map.of("commandId", commandId),
                  s.clock().instant()));
    }
  }

  private void closeApproval(
      TenantId tenant, String executionId, String stageId, int attempt, String actor, Instant now) {
    String approvalId = ApprovalStageExecutor.approvalId(stageId, attempt);
    Optional<Approval> approval = s.approvals().get(tenant, executionId, approvalId);
    if (approval.isPresent() && approval.get().status() == ApprovalStatus.PENDING) {
      try {
        s.approvals()
            .decide(
                tenant,
                executionId,
                approvalId,
                new Decision(ApprovalStatus.EXPIRED, actor, now, "the execution was canceled"));
      } catch (StoreException e) {
        // Decided at the same moment: the cancel wins anyway, the stage is canceled below.
      }
    }
  }
}
