package dev.gennaker.core.runner;

import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.pipeline.StageStatus;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Ends a running stage with its outcome — from its own task, an agent's result, an approval
 * decision or a callback — and releases the state machine if it waits on the stage's task token.
 *
 * <p>Applied once: only the running attempt can be completed, so a duplicate result (an agent
 * re-sending, a double click) changes nothing and says so.
 */
public final class CompleteStage {
  private final RunnerServices s;

  public CompleteStage(RunnerServices services) {
    this.s = services;
  }

  /** What completing did. */
  public enum Result {
    COMPLETED,
    /** The attempt had already ended (or never ran): nothing changed. */
    ALREADY_ENDED
  }

  public Result complete(
      TenantId tenant, String executionId, String stageId, int attempt, StageOutcome outcome) {
    Instant now = s.clock().instant();
    for (int tries = 0; ; tries++) {
      Optional<StageRecord> current = s.executions().getStage(tenant, executionId, stageId);
      if (current.isEmpty()
          || current.get().status() != StageStatus.RUNNING
          || current.get().attempts() != attempt) {
        return Result.ALREADY_ENDED;
      }
      StageRecord r = current.get();
      StageRecord ended =
          outcome instanceof StageOutcome.Failed failed
              ? ExecutionView.ended(r, StageStatus.FAILED, Map.of(), failed.reason(), now)
              : ExecutionView.ended(
                  r,
                  StageStatus.SUCCEEDED,
                  ((StageOutcome.Succeeded) outcome).outputs(),
                  null,
                  now);
      try {
        s.executions().updateStage(ended);
      } catch (ConflictException e) {
        if (tries < 3) {
          continue; // someone else wrote the record: read it again and decide again
        }
        throw e;
      }
      var execution = s.executions().get(tenant, executionId).orElseThrow();
      if (outcome instanceof StageOutcome.Failed failed) {
        ExecutionView.event(
            s,
            execution,
            "stage.failed",
            stageId,
            "stage " + stageId + " failed: " + failed.reason(),
            now);
        s.notifier().notify(Notifier.Event.STAGE_FAILED, execution, stageId, failed.reason());
      } else {
        ExecutionView.event(
            s, execution, "stage.succeeded", stageId, "stage " + stageId + " succeeded", now);
        s.notifier().notify(Notifier.Event.STAGE_PROGRESS, execution, stageId, "succeeded");
      }
      s.tokens()
          .get(tenant, executionId, stageId, attempt)
          .ifPresent(
              token -> {
                try {
                  s.orchestrator().sendTaskSuccess(token, "{}");
                } catch (Orchestrator.TaskTokenGoneException e) {
                  // The state machine stopped waiting (timeout, cancel): the record says why.
                }
                s.tokens().remove(tenant, executionId, stageId, attempt);
              });
      return Result.COMPLETED;
    }
  }

  /** The task-token key of a stage's rollback. */
  static String rollbackKey(String stageId) {
    return stageId + "/rollback";
  }

  /**
   * Ends the rollback of a failed {@code onFailure: rollback} stage; the stage stays FAILED and its
   * {@code rollback} output says how the rollback went. Applied once.
   */
  public Result completeRollback(
      TenantId tenant, String executionId, String stageId, int attempt, StageOutcome outcome) {
    Instant now = s.clock().instant();
    Optional<StageRecord> current = s.executions().getStage(tenant, executionId, stageId);
    if (current.isEmpty()
        || current.get().attempts() != attempt
        || !PlanExecution.ROLLBACK_RUNNING.equals(
            current.get().outputs().get(PlanExecution.ROLLBACK))) {
      return Result.ALREADY_ENDED;
    }
    StageRecord r = current.get();
    Map<String, String> outputs = new java.util.HashMap<>(r.outputs());
    outputs.put(
        PlanExecution.ROLLBACK, outcome instanceof StageOutcome.Failed ? "failed" : "succeeded");
    StageRecord updated = PlanExecution.withOutputs(r, outputs);
    if (outcome instanceof StageOutcome.Failed failed) {
      updated =
          new StageRecord(
              r.tenant(),
              r.executionId(),
              r.stageId(),
              r.type(),
              r.status(),
              r.attempts(),
              outputs,
              Optional.of(
                  r.error().orElse("failed") + "; the rollback failed too: " + failed.reason()),
              r.startedAt(),
              r.finishedAt(),
              r.version());
    }
    s.executions().updateStage(updated);
    var execution = s.executions().get(tenant, executionId).orElseThrow();
    ExecutionView.event(
        s,
        execution,
        "stage.rollback." + outputs.get(PlanExecution.ROLLBACK),
        stageId,
        "rollback of stage " + stageId + " " + outputs.get(PlanExecution.ROLLBACK),
        now);
    s.tokens()
        .get(tenant, executionId, rollbackKey(stageId), attempt)
        .ifPresent(
            token -> {
              try {
                s.orchestrator().sendTaskSuccess(token, "{}");
              } catch (Orchestrator.TaskTokenGoneException e) {
                // The state machine stopped waiting; the record says what happened.
              }
              s.tokens().remove(tenant, executionId, rollbackKey(stageId), attempt);
            });
    return Result.COMPLETED;
  }
}
