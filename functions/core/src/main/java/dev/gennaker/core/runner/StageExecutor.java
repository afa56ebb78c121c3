package dev.gennaker.core.runner;

import java.time.Duration;

/**
 * How one stage type runs. A stage either ends within one task ({@link Waiting#NONE}: {@link
 * #run}), is started by a task that then waits for a task token ({@link Waiting#TOKEN}: {@link
 * #start}; something else — an agent result, an approval decision, a callback — completes it
 * through {@link CompleteStage}), or is a timer ({@link Waiting#TIMER}: {@link #timer}; the state
 * machine's Wait state does the waiting and the planner records its end).
 *
 * <p>Contract: implementations are stateless and thread-safe, and idempotent for the same {@link
 * StageContext#attemptId()}, because the engine may invoke a task again after a crash
 * (at-least-once). Expected failures are {@link StageOutcome.Failed} values (from {@code run}) or
 * {@link StageFailedException} (from {@code start}); any other exception is a fault that the state
 * machine retries.
 */
public interface StageExecutor {

  /** The kinds of waiting a stage can do. */
  enum Waiting {
    NONE,
    TOKEN,
    TIMER
  }

  Waiting waiting();

  /** How a given stage of this type waits; most types always wait the same way. */
  default Waiting waiting(dev.gennaker.core.pipeline.Stage stage) {
    return waiting();
  }

  /** How long a stage of this type may run when its file sets no {@code timeout}. */
  Duration defaultTimeout();

  /** For {@link Waiting#TOKEN}: the longest silence before the stage fails (null: the timeout). */
  default Duration heartbeat() {
    return null;
  }

  /** The timeout the stage actually has (some types read it from their spec). */
  default Duration timeout(StageContext context) {
    return context.stage().timeout() != null ? context.stage().timeout() : defaultTimeout();
  }

  /** For {@link Waiting#NONE}: does the work. */
  default StageOutcome run(StageContext context) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not run inline");
  }

  /** For {@link Waiting#TOKEN}: starts the work; the token completes it later. */
  default void start(StageContext context, String taskToken) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not wait");
  }

  /**
   * For {@code onFailure: rollback}: starts undoing what the failed attempt changed; {@link
   * CompleteStage#completeRollback} reports the end. Only deploy stages can be rolled back.
   */
  default void rollback(StageContext context, String taskToken) {
    throw new StageFailedException(
        "stage type " + context.stage().type() + " cannot be rolled back");
  }

  /** For {@link Waiting#TIMER}: how long to wait. */
  default Duration timer(StageContext context) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " is not a timer");
  }

  /**
   * A failure that may pass (a 5xx answer, no answer): the state machine retries the task with
   * backoff before the stage fails with this message.
   */
  final class RetryableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RetryableException(String message) {
      super(message);
    }
  }

  /** A stage that cannot start, for a reason the user can act on. */
  final class StageFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StageFailedException(String reason) {
      super(reason);
    }
  }
}
