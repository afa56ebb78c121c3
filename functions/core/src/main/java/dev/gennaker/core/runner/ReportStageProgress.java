package dev.gennaker.core.runner;

import dev.gennaker.core.pipeline.StageStatus;
import dev.gennaker.core.tenant.TenantId;

/**
 * An agent's progress on a running stage ("3/5 replicas updated"): keeps the waiting state
 * machine's heartbeat alive and writes the progress to the stage's timeline. Progress for an
 * attempt that is no longer running is ignored (and says so), so a late report changes nothing.
 */
public final class ReportStageProgress {
  private final RunnerServices s;

  public ReportStageProgress(RunnerServices services) {
    this.s = services;
  }

  /**
   * @return false when the attempt no longer runs (the agent can stop working on it)
   */
  public boolean report(
      TenantId tenant, String executionId, String stageId, int attempt, String message) {
    var record = s.executions().getStage(tenant, executionId, stageId);
    if (record.isEmpty()
        || record.get().status() != StageStatus.RUNNING
        || record.get().attempts() != attempt) {
      return false;
    }
    var token = s.tokens().get(tenant, executionId, stageId, attempt);
    if (token.isPresent()) {
      try {
        s.orchestrator().sendTaskHeartbeat(token.get());
      } catch (Orchestrator.TaskTokenGoneException e) {
        return false;
      }
    }
    var execution = s.executions().get(tenant, executionId).orElseThrow();
    String text = message.length() > 500 ? message.substring(0, 500) + "…" : message;
    ExecutionView.event(
        s, execution, "stage.progress", stageId, stageId + ": " + text, s.clock().instant());
    return true;
  }
}
