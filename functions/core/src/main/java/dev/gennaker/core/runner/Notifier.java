package dev.gennaker.core.runner;

import dev.gennaker.core.execution.Execution;

/**
 * Tells people what an execution does (Slack, later e-mail). Says what happened, not how to send
 * it. Implementations must never throw into the runner and never block it: a notification that
 * cannot be delivered is retried or dropped by the implementation, never a failed stage.
 */
public interface Notifier {

  /** The moments worth telling. */
  enum Event {
    STARTED,
    STAGE_FAILED,
    AWAITING_APPROVAL,
    SUCCEEDED,
    FAILED,
    CANCELED
  }

  /**
   * @param stageId the stage concerned, or null
   * @param detail a reason or question, or null
   */
  void notify(Event event, Execution execution, String stageId, String detail);

  /** A notifier that tells no one. */
  Notifier NONE = (event, execution, stageId, detail) -> {};

  /**
   * Tells every one of {@code notifiers}, in order; one that throws (which it must not) does not
   * keep the others from being told.
   */
  static Notifier all(Notifier... notifiers) {
    java.util.List<Notifier> list = java.util.List.of(notifiers);
    return (event, execution, stageId, detail) -> {
      for (Notifier n : list) {
        try {
          n.notify(event, execution, stageId, detail);
        } catch (RuntimeException e) {
          System.getLogger(Notifier.class.getName())
              .log(System.Logger.Level.WARNING, "a notifier failed: " + e);
        }
      }
    };
  }
}
