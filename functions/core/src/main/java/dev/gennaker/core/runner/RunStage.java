package dev.gennaker.core.runner;

import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.pipeline.Stage;
import dev.gennaker.core.pipeline.StageStatus;
import dev.gennaker.core.pipeline.expr.EvaluationException;
import dev.gennaker.core.pipeline.expr.ExpressionEngine;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The runner's Run task: runs one planned stage (to its end, or up to where it waits for its task
 * token). A call for an attempt that is no longer running (a duplicate delivery) does nothing, and
 * when it carries a task token, releases it so the state machine does not wait for nothing.
 */
public final class RunStage {
  private final RunnerServices s;

  public RunStage(RunnerServices services) {
    this.s = services;
  }

  /**
   * @param taskToken the token of a waiting task, or null for a stage that runs inline
   */
  public void run(
      TenantId tenant, String executionId, String stageId, int attempt, String taskToken) {
    Instant now = s.clock().instant();
    ExecutionView view = ExecutionView.load(s, tenant, executionId);
    StageRecord record = view.records.get(stageId);
    if (RUNNING_ROLLBACK.test(record) && taskToken != null && record.attempts() == attempt) {
      rollback(view, record, taskToken, now);
      return;
    }
    if (record == null || record.status() != StageStatus.RUNNING || record.attempts() != attempt) {
      if (taskToken != null) {
        release(taskToken);
      }
      return;
    }
    if (record.startedAt().isEmpty()) {
      record =
          s.executions()
              .updateStage(
                  new StageRecord(
                      record.tenant(),
                      record.executionId(),
                      record.stageId(),
                      record.type(),
                      record.status(),
                      record.attempts(),
                      record.outputs(),
                      record.error(),
                      Optional.of(now),
                      record.finishedAt(),
                      record.version()));
      ExecutionView.event(
          s, view.execution, "stage.started", stageId, "stage " + stageId + " started", now);
      s.notifier().notify(Notifier.Event.STAGE_PROGRESS, view.execution, stageId, "started");
    }
    Stage stage = view.pipeline.stage(stageId).orElseThrow();
    StageExecutor executor = s.executors().of(stage.type());
    StageContext context =
        PlanExecution.context(
            s,
            view,
            ExpressionEngine.forParameters(view.pipeline.parameters()),
            stage,
            attempt,
            now);
    if (taskToken == null) {
      StageOutcome outcome;
      try {
        outcome = executor.run(context);
      } catch (EvaluationException | StageExecutor.StageFailedException e) {
        outcome = new StageOutcome.Failed(e.getMessage());
      }
      new CompleteStage(s).complete(tenant, executionId, stageId, attempt, outcome);
      return;
    }
    s.tokens().put(tenant, executionId, stageId, attempt, taskToken);
    try {
      executor.start(context, taskToken);
    } catch (EvaluationException | StageExecutor.StageFailedException e) {
      new CompleteStage(s)
          .complete(tenant, executionId, stageId, attempt, new StageOutcome.Failed(e.getMessage()));
    }
  }

  private static final java.util.function.Predicate<StageRecord> RUNNING_ROLLBACK =
      r ->
          r != null
              && r.status() == StageStatus.FAILED
              && PlanExecution.ROLLBACK_RUNNING.equals(r.outputs().get(PlanExecution.ROLLBACK));

  private void rollback(ExecutionView view, StageRecord record, String taskToken, Instant now) {
    Stage stage = view.pipeline.stage(record.stageId()).orElseThrow();
    StageContext context =
        PlanExecution.context(
            s,
            view,
            ExpressionEngine.forParameters(view.pipeline.parameters()),
            stage,
            record.attempts(),
            now);
    s.tokens()
        .put(
            view.execution.tenant(),
            view.execution.executionId(),
            CompleteStage.rollbackKey(stage.id()),
            record.attempts(),
            taskToken);
    try {
      s.executors().of(stage.type()).rollback(context, taskToken);
    } catch (EvaluationException | StageExecutor.StageFailedException e) {
      new CompleteStage(s)
          .completeRollback(
              view.execution.tenant(),
              view.execution.executionId(),
              stage.id(),
              record.attempts(),
              new StageOutcome.Failed(e.getMessage()));
    }
  }

  private void release(String taskToken) {
    try {
      s.orchestrator().sendTaskSuccess(taskToken, "{}");
    } catch (Orchestrator.TaskTokenGoneException e) {
      // Already released: nothing waits on it.
    }
  }

  static Map<String, String> none() {
    return Map.of();
  }
}
