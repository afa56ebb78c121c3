package dev.gennaker.slack;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Where {@link SlackFunction} hands an interaction's work once it has checked the signature and
 * de-duplicated the delivery, so that Slack gets its answer within 3 seconds. In local mode the
 * work runs on an in-process executor ({@link #inProcess}); on AWS it goes to the {@code
 * <prefix>slack-work} SQS queue ({@code dev.gennaker.slack.lambda.SqsSlackWorkQueue}) and {@code
 * SlackWorkHandler} does it.
 */
@FunctionalInterface
public interface SlackWorkQueue {

  /**
   * Hands over one work item; returns once it is durably queued (or, in process, scheduled).
   *
   * @throws RuntimeException when it could not be handed over (the queue is unreachable); the
   *     caller tells the clicker to try again
   */
  void submit(SlackWork work);

  /** Runs the work on {@code executor} with {@code worker}, in this process. */
  static SlackWorkQueue inProcess(Executor executor, Consumer<SlackWork> worker) {
    return work -> executor.execute(() -> worker.accept(work));
  }
}
