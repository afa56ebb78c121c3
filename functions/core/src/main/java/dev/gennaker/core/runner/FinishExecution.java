package dev.gennaker.core.runner;

import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.pipeline.DagPlanner;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.pipeline.Plan;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.Set;

/** The runner's Finish task: writes the execution's final status and tells people. Idempotent. */
public final class FinishExecution {
  private final RunnerServices s;

  public FinishExecution(RunnerServices services) {
    this.s = services;
  }

  public ExecutionStatus finish(TenantId tenant, String executionId) {
    Instant now = s.clock().instant();
    ExecutionView view = ExecutionView.load(s, tenant, executionId);
    if (view.execution.status().isTerminal()) {
      return view.execution.status();
    }
    Plan plan = DagPlanner.plan(view.pipeline, view.statuses(), Set.of(), false, stage -> false);
    ExecutionStatus status = plan.finished() ? plan.status() : ExecutionStatus.FAILED;
    Execution done = s.executions().update(view.execution.withStatus(status, now));
    ExecutionView.event(
        s,
        done,
        "execution." + status.name().toLowerCase(),
        null,
        "execution " + status.name().toLowerCase(),
        now);
    s.notifier()
        .notify(
            switch (status) {
              case SUCCEEDED -> Notifier.Event.SUCCEEDED;
              case CANCELED -> Notifier.Event.CANCELED;
              default -> Notifier.Event.FAILED;
            },
            done,
            null,
            null);
    PipelineStageExecutor.childEnded(s, done);
    return status;
  }
}
