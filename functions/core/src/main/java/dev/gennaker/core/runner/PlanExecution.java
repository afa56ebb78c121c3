package dev.gennaker.core.runner;

import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.pipeline.DagPlanner;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.pipeline.Plan;
import dev.gennaker.core.pipeline.Stage;
import dev.gennaker.core.pipeline.StageStatus;
import dev.gennaker.core.pipeline.expr.ExpressionContext;
import dev.gennaker.core.pipeline.expr.ExpressionEngine;
import dev.gennaker.core.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The runner's Plan task: records what the planner decides (skips, cancellations, failed
 * conditions, ended timers) and returns the stages to run now.
 *
 * <p>Idempotent and safe to run again after a crash: it runs only between two Map steps, when no
 * stage task is in flight, so a stage still RUNNING at that moment was planned but never started
 * (or is a timer) and is handed out again with the same attempt number; stage executors are
 * idempotent per attempt.
 */
public final class PlanExecution {
  private final RunnerServices s;

  public PlanExecution(RunnerServices services) {
    this.s = services;
  }

  public PlanResult plan(TenantId tenant, String executionId) {
    Instant now = s.clock().instant();
    ExecutionView view = ExecutionView.load(s, tenant, executionId);
    Execution execution = view.execution;
    if (execution.status().isTerminal()) {
      return new PlanResult(tenant.value(), executionId, true, List.of());
    }
    if (execution.status() == ExecutionStatus.QUEUED) {
      execution = s.executions().update(execution.withStatus(ExecutionStatus.RUNNING, now));
      ExecutionView.event(s, execution, "execution.started", null, "execution started", now);
      s.notifier().notify(Notifier.Event.STARTED, execution, null, null);
      view = ExecutionView.load(s, tenant, executionId);
    }
    ExpressionEngine engine = ExpressionEngine.forParameters(view.pipeline.parameters());
    List<StageWork> work = new ArrayList<>();
    endTimers(view, engine, now);

    Plan plan;
    for (int round = 0; ; round++) {
      view = ExecutionView.load(s, tenant, executionId);
      ExpressionContext values = view.expressionContext();
      plan =
          DagPlanner.plan(
              view.pipeline,
              view.statuses(),
              rolledBack(view),
              false,
              stage -> engine.evaluateCondition(stage.when(), values));
      boolean changed = record(view, plan, now);
      if (!changed || round > view.pipeline.stages().size()) {
        break;
      }
    }
    // Stages still RUNNING here were planned but not started (a crash), or are timers that have
    // not ended yet: hand them out again, same attempt.
    for (StageRecord r : view.records.values()) {
      if (r.status() == StageStatus.RUNNING) {
        Stage stage = view.pipeline.stage(r.stageId()).orElseThrow();
        work.add(work(view, engine, stage, r.attempts(), now));
      }
    }
    for (String id : plan.ready()) {
      Stage stage = view.pipeline.stage(id).orElseThrow();
      StageRecord existing = view.records.get(id);
      int attempt = existing == null ? 1 : existing.attempts() + 1;
      StageExecutor executor = s.executors().of(stage.type());
      boolean timer = executor.waiting(stage) == StageExecutor.Waiting.TIMER;
      StageRecord running =
          new StageRecord(
              tenant,
              executionId,
              id,
              stage.type(),
              StageStatus.RUNNING,
              attempt,
              Map.of(),
              Optional.empty(),
              // A timer starts when planned; other stages when their task starts them.
              timer ? Optional.of(now) : Optional.empty(),
              Optional.empty(),
              existing == null ? 0 : existing.version());
      if (existing == null) {
        s.executions().createStage(running);
      } else {
        s.executions().updateStage(running);
      }
      ExecutionView.event(s, execution, "stage.planned", id, "stage " + id + " is ready", now);
      view.records.put(id, running);
      work.add(work(view, engine, stage, attempt, now));
    }
    for (String id : plan.rollback()) {
      StageRecord failed = view.records.get(id);
      if (!ROLLBACK_RUNNING.equals(failed.outputs().get(ROLLBACK))) {
        Map<String, String> outputs = new java.util.HashMap<>(failed.outputs());
        outputs.put(ROLLBACK, ROLLBACK_RUNNING);
        s.executions().updateStage(withOutputs(failed, outputs));
        ExecutionView.event(s, execution, "stage.rollback", id, "rolling back stage " + id, now);
      }
      // A rollback is agent work: it reports progress like the deploy it undoes.
      Duration heartbeat =
          s.executors().of(view.pipeline.stage(id).orElseThrow().type()).heartbeat();
      long timeout = Duration.ofMinutes(30).toSeconds();
      work.add(
          new StageWork(
              tenant.value(),
              executionId,
              id,
              failed.attempts(),
              StageWork.ROLLBACK,
              heartbeat == null ? StageWork.TOKEN : StageWork.TOKEN_WITH_HEARTBEAT,
              0,
              timeout,
              heartbeat == null ? 0 : Math.min(heartbeat.toSeconds(), timeout - 1)));
    }
    boolean finished = plan.finished() && work.isEmpty();
    return new PlanResult(tenant.value(), executionId, finished, work);
  }

  /** The output of a failed stage that tracks its rollback: running, succeeded or failed. */
  static final String ROLLBACK = "rollback";

  static final String ROLLBACK_RUNNING = "running";

  private static Set<String> rolledBack(ExecutionView view) {
    Set<String> out = new java.util.HashSet<>();
    view.records.forEach(
        (id, r) -> {
          String state = r.outputs().get(ROLLBACK);
          if (state != null && !state.equals(ROLLBACK_RUNNING)) {
            out.add(id);
          }
        });
    return out;
  }

  static StageRecord withOutputs(StageRecord r, Map<String, String> outputs) {
    return new StageRecord(
        r.tenant(),
        r.executionId(),
        r.stageId(),
        r.type(),
        r.status(),
        r.attempts(),
        outputs,
        r.error(),
        r.startedAt(),
        r.finishedAt(),
        r.version());
  }

  /** Records timers whose time has come as succeeded. */
  private void endTimers(ExecutionView view, ExpressionEngine engine, Instant now) {
    for (StageRecord r : view.records.values()) {
      if (r.status() != StageStatus.RUNNING || r.startedAt().isEmpty()) {
        continue;
      }
      Stage stage = view.pipeline.stage(r.stageId()).orElseThrow();
      StageExecutor executor = s.executors().of(stage.type());
      if (executor.waiting(stage) != StageExecutor.Waiting.TIMER) {
        continue;
      }
      Duration length = executor.timer(context(s, view, engine, stage, r.attempts(), now));
      if (!r.startedAt().get().plus(length).isAfter(now)) {
        s.executions()
            .updateStage(ExecutionView.ended(r, StageStatus.SUCCEEDED, Map.of(), null, now));
        ExecutionView.event(
            s,
            view.execution,
            "stage.succeeded",
            r.stageId(),
            "stage " + r.stageId() + " succeeded",
            now);
      }
    }
  }

  /** Writes what the plan decided; true when anything changed. */
  private boolean record(ExecutionView view, Plan plan, Instant now) {
    boolean changed = false;
    for (var skip : plan.skip().entrySet()) {
      end(
          view,
          skip.getKey(),
          StageStatus.SKIPPED,
          null,
          now,
          "stage " + skip.getKey() + " skipped: " + reason(skip.getValue()));
      changed = true;
    }
    for (String id : plan.cancel()) {
      end(view, id, StageStatus.CANCELED, null, now, "stage " + id + " canceled");
      changed = true;
    }
    for (var failed : plan.fail().entrySet()) {
      end(view, failed.getKey(), StageStatus.FAILED, failed.getValue(), now, failed.getValue());
      s.notifier()
          .notify(Notifier.Event.STAGE_FAILED, view.execution, failed.getKey(), failed.getValue());
      changed = true;
    }
    return changed;
  }

  private void end(
      ExecutionView view,
      String stageId,
      StageStatus status,
      String error,
      Instant now,
      String message) {
    Stage stage = view.pipeline.stage(stageId).orElseThrow();
    StageRecord existing = view.records.get(stageId);
    StageRecord base =
        existing != null
            ? existing
            : StageRecord.notStarted(
                view.execution.tenant(), view.execution.executionId(), stageId, stage.type());
    StageRecord ended = ExecutionView.ended(base, status, Map.of(), error, now);
    if (existing == null) {
      s.executions().createStage(ended);
    } else {
      s.executions().updateStage(ended);
    }
    ExecutionView.event(
        s, view.execution, "stage." + status.name().toLowerCase(), stageId, message, now);
  }

  private static String reason(Plan.SkipReason reason) {
    return switch (reason) {
      case CONDITION_FALSE -> "its condition is false";
      case UPSTREAM_SKIPPED -> "a stage it depends on was skipped";
      case EXECUTION_FAILED -> "the execution failed";
    };
  }

  private StageWork work(
      ExecutionView view, ExpressionEngine engine, Stage stage, int attempt, Instant now) {
    StageExecutor executor = s.executors().of(stage.type());
    StageContext context = context(s, view, engine, stage, attempt, now);
    long timeout = Math.max(1, executor.timeout(context).toSeconds());
    return switch (executor.waiting(stage)) {
      case NONE ->
          new StageWork(
              view.execution.tenant().value(),
              view.execution.executionId(),
              stage.id(),
              attempt,
              StageWork.RUN,
              StageWork.NONE,
              0,
              timeout,
              0);
      case TIMER -> {
        StageRecord r = view.records.get(stage.id());
        Instant start = r != null && r.startedAt().isPresent() ? r.startedAt().get() : now;
        // Rounded up, so that the Wait never ends before the timer does.
        long millis = Duration.between(now, start.plus(executor.timer(context))).toMillis();
        long remaining = Math.max(0, (millis + 999) / 1000);
        yield new StageWork(
            view.execution.tenant().value(),
            view.execution.executionId(),
            stage.id(),
            attempt,
            StageWork.RUN,
            StageWork.TIMER,
            remaining,
            0,
            0);
      }
      case TOKEN -> {
        Duration heartbeat = executor.heartbeat();
        yield new StageWork(
            view.execution.tenant().value(),
            view.execution.executionId(),
            stage.id(),
            attempt,
            StageWork.RUN,
            heartbeat == null ? StageWork.TOKEN : StageWork.TOKEN_WITH_HEARTBEAT,
            0,
            timeout,
            // Step Functions wants the heartbeat below the timeout.
            heartbeat == null ? 0 : Math.min(heartbeat.toSeconds(), Math.max(1, timeout - 1)));
      }
    };
  }

  static StageContext context(
      RunnerServices services,
      ExecutionView view,
      ExpressionEngine engine,
      Stage stage,
      int attempt,
      Instant now) {
    return new StageContext(
        services,
        view.execution,
        view.pipeline,
        stage,
        attempt,
        engine,
        view.expressionContext(),
        now);
  }
}
