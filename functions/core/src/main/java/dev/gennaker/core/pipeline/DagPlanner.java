package dev.gennaker.core.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which stages of an execution start next. A pure function of the pipeline, the status of
 * each stage and the execution's {@code when} conditions: it changes nothing and can be called
 * again with the same input for the same answer.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>A stage is ready when every stage it depends on has ended and none of them was skipped,
 *       canceled, or failed with {@code onFailure} other than {@code continue}; then its {@code
 *       when} is evaluated: false skips it.
 *   <li>A stage depending on a skipped or canceled stage is skipped too (as in GitHub Actions), so
 *       a skipped approval never lets a production deploy through.
 *   <li>A failure with {@code onFailure: fail} or {@code rollback} fails the execution: nothing new
 *       starts, stages not started are skipped, running ones finish. A {@code rollback} stage is
 *       reported in {@link Plan#rollback()} until its rollback is recorded as done.
 *   <li>A failure with {@code onFailure: continue} is tolerated: downstream stages run, and the
 *       execution can still succeed.
 *   <li>A canceled execution starts nothing; stages not started are canceled; it finishes CANCELED
 *       once nothing runs.
 * </ul>
 */
public final class DagPlanner {

  /** Evaluates a stage's {@code when} expression. */
  @FunctionalInterface
  public interface Conditions {
    /**
     * @return the value of the stage's condition
     * @throws dev.gennaker.core.pipeline.expr.EvaluationException when it cannot be evaluated
     */
    boolean evaluate(Stage stage);

    /** Every condition true: for pipelines without {@code when}, and for tests. */
    Conditions ALWAYS = stage -> true;
  }

  private DagPlanner() {}

  /**
   * @param statuses the status of each stage (missing: NOT_STARTED)
   * @param rolledBack the stages whose rollback has been done
   * @param canceled whether the execution was asked to stop
   */
  public static Plan plan(
      Pipeline pipeline,
      Map<String, StageStatus> statuses,
      Set<String> rolledBack,
      boolean canceled,
      Conditions conditions) {
    Map<String, StageStatus> effective = new HashMap<>();
    for (Stage s : pipeline.stages()) {
      effective.put(s.id(), statuses.getOrDefault(s.id(), StageStatus.NOT_STARTED));
    }
    List<String> ready = new ArrayList<>();
    Map<String, Plan.SkipReason> skip = new LinkedHashMap<>();
    List<String> cancel = new ArrayList<>();
    Map<String, String> fail = new LinkedHashMap<>();
    List<String> rollback = new ArrayList<>();

    boolean failing = false;
    for (Stage s : pipeline.stages()) {
      if (effective.get(s.id()) == StageStatus.FAILED) {
        if (s.onFailure() != OnFailure.CONTINUE) {
          failing = true;
        }
        if (s.onFailure() == OnFailure.ROLLBACK && !rolledBack.contains(s.id())) {
          rollback.add(s.id());
        }
      }
    }

    if (canceled) {
      for (Stage s : pipeline.stages()) {
        if (effective.get(s.id()) == StageStatus.NOT_STARTED) {
          cancel.add(s.id());
          effective.put(s.id(), StageStatus.CANCELED);
        }
      }
      rollback.clear();
    } else if (failing) {
      for (Stage s : pipeline.stages()) {
        if (effective.get(s.id()) == StageStatus.NOT_STARTED) {
          skip.put(s.id(), Plan.SkipReason.EXECUTION_FAILED);
          effective.put(s.id(), StageStatus.SKIPPED);
        }
      }
    } else {
      Map<String, Stage> byId = new HashMap<>();
      pipeline.stages().forEach(s -> byId.put(s.id(), s));
      // Stages come in file order, which need not be topological: repeat until nothing changes,
      // so that a skip propagates down a chain within one plan.
      boolean changed = true;
      while (changed) {
        changed = false;
        for (Stage s : pipeline.stages()) {
          if (effective.get(s.id()) != StageStatus.NOT_STARTED || ready.contains(s.id())) {
            continue;
          }
          Decision decision = decide(s, byId, effective);
          if (decision == Decision.WAIT) {
            continue;
          }
          if (decision == Decision.SKIP_UPSTREAM) {
            skip.put(s.id(), Plan.SkipReason.UPSTREAM_SKIPPED);
            effective.put(s.id(), StageStatus.SKIPPED);
            changed = true;
            continue;
          }
          boolean run;
          try {
            run = s.when() == null || conditions.evaluate(s);
          } catch (RuntimeException e) {
            fail.put(s.id(), "the condition of stage \"" + s.id() + "\" failed: " + e.getMessage());
            continue;
          }
          if (run) {
            ready.add(s.id());
          } else {
            skip.put(s.id(), Plan.SkipReason.CONDITION_FALSE);
            effective.put(s.id(), StageStatus.SKIPPED);
            changed = true;
          }
        }
      }
    }

    boolean running = effective.values().stream().anyMatch(st -> st == StageStatus.RUNNING);
    boolean finished = !running && ready.isEmpty() && fail.isEmpty() && rollback.isEmpty();
    ExecutionStatus status = ExecutionStatus.RUNNING;
    if (finished) {
      boolean anyCanceled = effective.values().stream().anyMatch(st -> st == StageStatus.CANCELED);
      status =
          canceled || anyCanceled
              ? ExecutionStatus.CANCELED
              : failing ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED;
    }
    return new Plan(ready, skip, cancel, fail, rollback, finished, status);
  }

  private enum Decision {
    WAIT,
    RUN,
    SKIP_UPSTREAM
  }

  private static Decision decide(
      Stage stage, Map<String, Stage> byId, Map<String, StageStatus> effective) {
    boolean skipped = false;
    for (String dep : stage.dependsOn()) {
      StageStatus status = effective.getOrDefault(dep, StageStatus.NOT_STARTED);
      switch (status) {
        case NOT_STARTED, RUNNING -> {
          return Decision.WAIT;
        }
        case SKIPPED, CANCELED -> skipped = true;
        case FAILED -> {
          if (byId.get(dep).onFailure() != OnFailure.CONTINUE) {
            return Decision.WAIT; // the execution is failing; handled by the caller
          }
        }
        case SUCCEEDED -> {}
      }
    }
    return skipped ? Decision.SKIP_UPSTREAM : Decision.RUN;
  }
}
