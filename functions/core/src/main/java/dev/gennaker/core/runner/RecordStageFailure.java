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
    String reason = reason(error, cause);
    if ("States.Timeout".equals(error)) {
      expireApproval(tenant, executionId, stageId, attempt);
      reason = timeoutReason(tenant, executionId, stageId);
    }
    new CompleteStage(s)
        .complete(tenant, executionId, stageId, attempt, new StageOutcome.Failed(reason));
  }

  /** A timed-out approval can no longer be decided. */
  private void expireApproval(TenantId tenant, String executionId, String stageId, int attempt) {
    String approvalId = ApprovalStageExecutor.approvalId(stageId, attempt);
    var approval = s.approvals().get(tenant, executionId, approvalId);
    if (approval.isPresent()
        && approval.get().status() == dev.gennaker.core.approval.ApprovalStatus.PENDING) {
      try {
        s.approvals()
            .decide(
                tenant,
                executionId,
                approvalId,
                new dev.gennaker.core.approval.Decision(
                    dev.gennaker.core.approval.ApprovalStatus.EXPIRED,
                    "gennaker",
                    s.clock().instant(),
                    "no decision before the timeout"));
      } catch (dev.gennaker.core.store.StoreException e) {
        // Decided at the same moment: the decision stands, the stage has already ended.
      }
    }
  }

  private String timeoutReason(TenantId tenant, String executionId, String stageId) {
    return s.executions()
        .getStage(tenant, executionId, stageId)
        .map(
            r ->
                r.type().equals("approval")
                    ? "no decision within the approval's timeout"
                    : "the stage ran out of time (its timeout)")
        .orElse("the stage ran out of time (its timeout)");
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
