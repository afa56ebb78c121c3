package dev.gennaker.core.runner;

/**
 * One ready stage, as the planner hands it to the state machine's Map: ids and the kind of waiting,
 * nothing else.
 *
 * @param action {@code run} (run the stage) or {@code rollback} (undo what a failed deploy stage
 *     changed, for {@code onFailure: rollback})
 * @param waiting {@code none} (the stage runs to its end in one task), {@code token} (the task
 *     starts it and the state machine waits for a task token: agents, approvals, callbacks) or
 *     {@code timer} (a Wait state of {@code seconds})
 * @param timeoutSeconds how long the task may take before the stage fails
 * @param heartbeatSeconds for {@code token-heartbeat} (a token wait whose worker reports progress,
 *     like an agent): the longest silence before the stage fails; 0 otherwise
 */
public record StageWork(
    String tenantId,
    String executionId,
    String stageId,
    int attempt,
    String action,
    String waiting,
    long seconds,
    long timeoutSeconds,
    long heartbeatSeconds) {
  public static final String RUN = "run";
  public static final String ROLLBACK = "rollback";
  public static final String NONE = "none";
  public static final String TOKEN = "token";
  public static final String TOKEN_WITH_HEARTBEAT = "token-heartbeat";
  public static final String TIMER = "timer";
}
