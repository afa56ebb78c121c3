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

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** Lambda errors arrive as {@code {"errorMessage": …, "errorType": …}}: keep the message. */
  static String unwrap(String cause) {
    if (cause != null && cause.startsWith("{")) {
      try {
        var node = JSON.readTree(cause);
        if (node.hasNonNull("errorMessage")) {
          return node.get("errorMessage").asText();
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        // Not JSON after all: keep it as it is.
      }
    }
    return cause;
  }

  static String reason(String error, String rawCause) {
    String cause = unwrap(rawCause);
    String why = cause == null || cause.isBlank() ? "" : ": " + cause;
    if (error == null) {
      return "the stage failed" + why;
    }
    return switch (error) {
      case "States.HeartbeatTimeout" ->
          "no sign of life from the cluster's agent in time; is the agent running and connected?";
      case "States.Timeout" -> "the stage ran out of time (its timeout)";
      case "Gennaker.StageFailed" -> cause == null ? "the stage failed" : cause;
      case "Gennaker.Retryable" -> (cause == null ? "the stage failed" : cause) + " (retried)";
      default -> "the stage failed (" + error + ")" + why;
    };
  }
}
