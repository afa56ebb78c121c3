package dev.gennaker.core.pipeline;

import java.util.List;
import java.util.Map;

/**
 * What the planner decided for an execution at one moment.
 *
 * @param ready stages to start now, in file order
 * @param skip stages to mark SKIPPED now, with the reason
 * @param cancel stages to mark CANCELED now (the execution was canceled before they started)
 * @param fail stages to mark FAILED without running them (their {@code when} could not be
 *     evaluated), with the reason
 * @param rollback failed {@code onFailure: rollback} stages whose rollback must run now
 * @param finished true when nothing runs and nothing more will start
 * @param status the execution's final status when finished, RUNNING otherwise
 */
public record Plan(
    List<String> ready,
    Map<String, SkipReason> skip,
    List<String> cancel,
    Map<String, String> fail,
    List<String> rollback,
    boolean finished,
    ExecutionStatus status) {

  public Plan {
    ready = List.copyOf(ready);
    skip = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(skip));
    cancel = List.copyOf(cancel);
    fail = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fail));
    rollback = List.copyOf(rollback);
  }

  /** Why a stage is skipped. */
  public enum SkipReason {
    /** Its {@code when} expression is false. */
    CONDITION_FALSE,
    /** A stage it depends on was skipped or canceled. */
    UPSTREAM_SKIPPED,
    /** The execution is failing: nothing new starts. */
    EXECUTION_FAILED
  }
}
