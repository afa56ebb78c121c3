package dev.gennaker.core.runner;

import dev.gennaker.core.tenant.TenantId;

/**
 * The runner's RecordFailure task: a stage's task failed in the state machine (a timeout, an agent
 * gone silent, a fault that outlived its retries). Turns the engine's error into a reason a person
 * can act on and records it, unless the stage already ended.
 */
public final class RecordStageFailure {
  private final RunnerServices s;

  public RecordStageFailure(RunnerServices services) {
    this.s = services;
  }

  public void record(
      TenantId tenant,
      String executionId,
      String stageId,
      int attempt,
      String error,
      String cause) {
    new CompleteStage(s)
        .complete(
            tenant, executionId, stageId, attempt, new StageOutcome.Failed(reason(error, cause)));
  }

  static String reason(String error, String cause) {
    String why = cause == null || cause.isBlank() ? "" : ": " + cause;
    if (error == null) {
      return "the stage failed" + why;
    }
    return switch (error) {
      case "States.HeartbeatTimeout" ->
          "no sign of life from the cluster's agent in time; is the agent running and connected?";
      case "States.Timeout" -> "the stage ran out of time (its timeout)";
      case "Gennaker.StageFailed" -> cause == null ? "the stage failed" : cause;
      default -> "the stage failed (" + error + ")" + why;
    };
  }
}
