package dev.gennaker.core.approval;

import dev.gennaker.core.store.ConflictException;

/** The one wording of "someone else decided first", shared by every implementation. */
public final class ApprovalConflicts {
  private ApprovalConflicts() {}

  /** The conflict a losing decider gets, naming the decision already taken. */
  public static ConflictException alreadyDecided(Approval current) {
    String by = current.decision().map(d -> " by " + d.decidedBy()).orElse("");
    return new ConflictException(
        "approval " + current.approvalId() + " was already decided: " + current.status() + by);
  }
}
