package dev.gennaker.core.runner;

import dev.gennaker.core.execution.Execution;
import java.util.Map;

/**
 * Tells people what an execution does (Slack, later e-mail). Says what happened, not how to send
 * it. Implementations must never throw into the runner and never block it: a notification that
 * cannot be delivered is retried or dropped by the implementation, never a failed stage.
 *
 * <p>Events may repeat (a retried task notifies again) and may arrive out of order across
 * processes: implementations should show the latest state rather than count events.
 */
public interface Notifier {

  /** The moments worth telling. */
  enum Event {
    STARTED,
    STAGE_FAILED,
    AWAITING_APPROVAL,
    SUCCEEDED,
    FAILED,
    CANCELED,
    /** An approval was approved or rejected (from Slack, the portal or the API). */
    APPROVAL_DECIDED,
    /** An approval can no longer be decided (timed out, or its execution was canceled). */
    APPROVAL_EXPIRED,
    /** A cluster's live state differs from what was deployed. */
    DRIFT_DETECTED,
    /** A stage started or ended; the execution's progress changed. */
    STAGE_PROGRESS
  }

  /** Keys of {@code facts} that the runner fills in (all optional; values are never secrets). */
  final class Facts {
    private Facts() {}

    /** The approval concerned ({@code AWAITING_APPROVAL}, {@code APPROVAL_*}). */
    public static final String APPROVAL_ID = "approvalId";

    /** Roles allowed to decide, comma separated, lowercase. */
    public static final String ALLOWED_ROLES = "allowedRoles";

    /** Who may not decide (the trigger's actor), or absent when self-approval is allowed. */
    public static final String REQUESTED_FOR = "requestedFor";

    /** When the approval times out (ISO-8601 instant). */
    public static final String EXPIRES_AT = "expiresAt";

    /** {@code approved}, {@code rejected} or {@code expired}. */
    public static final String DECISION = "decision";

    /** The member who decided. */
    public static final String DECIDED_BY = "decidedBy";

    /** When (ISO-8601 instant). */
    public static final String DECIDED_AT = "decidedAt";

    /** Where from: {@code slack}, {@code portal}, {@code api}. */
    public static final String VIA = "via";

    /** The channel the approval stage names for its question, when it names one. */
    public static final String SLACK_CHANNEL = "slackChannel";

    /** How often to remind the approvers (ISO-8601 duration), when the stage asks for it. */
    public static final String REMIND_EVERY = "remindEvery";

    /** The decider's comment or reason. */
    public static final String COMMENT = "comment";
  }

  /**
   * @param stageId the stage concerned, or null
   * @param detail a reason or question, or null
   */
  void notify(Event event, Execution execution, String stageId, String detail);

  /**
   * The same with structured {@code facts} (see {@link Facts}). Notifiers that show approvals
   * override this; the default drops the facts.
   */
  default void notify(
      Event event, Execution execution, String stageId, String detail, Map<String, String> facts) {
    notify(event, execution, stageId, detail);
  }

  /** A notifier that tells no one. */
  Notifier NONE = (event, execution, stageId, detail) -> {};

  /**
   * Tells every one of {@code notifiers}, in order; one that throws (which it must not) does not
   * keep the others from being told.
   */
  static Notifier all(Notifier... notifiers) {
    java.util.List<Notifier> list = java.util.List.of(notifiers);
    return new Notifier() {
      @Override
      public void notify(Event event, Execution execution, String stageId, String detail) {
        notify(event, execution, stageId, detail, Map.of());
      }

      @Override
      public void notify(
          Event event,
          Execution execution,
          String stageId,
          String detail,
          Map<String, String> facts) {
        for (Notifier n : list) {
          try {
            n.notify(event, execution, stageId, detail, facts);
          } catch (RuntimeException e) {
            System.getLogger(Notifier.class.getName())
                .log(System.Logger.Level.WARNING, "a notifier failed: " + e);
          }
        }
      }
    };
  }
}
