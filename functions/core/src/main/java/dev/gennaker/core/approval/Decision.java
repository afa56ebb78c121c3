package dev.gennaker.core.approval;

import java.time.Instant;
import java.util.Objects;

/** Who decided an approval, how, and when. {@code outcome} is never PENDING. */
public record Decision(ApprovalStatus outcome, String decidedBy, Instant at, String comment) {
  public Decision {
    Objects.requireNonNull(outcome, "outcome");
    if (outcome == ApprovalStatus.PENDING) {
      throw new IllegalArgumentException("a decision cannot be PENDING");
    }
    Objects.requireNonNull(decidedBy, "decidedBy");
    Objects.requireNonNull(at, "at");
    comment = comment == null ? "" : comment;
  }
}
