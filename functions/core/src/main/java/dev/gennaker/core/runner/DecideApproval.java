package dev.gennaker.core.runner;

import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.approval.ApprovalStatus;
import dev.gennaker.core.approval.Decision;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The one way an approval is decided — from Slack, the portal or the API alike. Enforces the policy
 * of the pipeline file (allowed roles; the person who triggered the execution may not approve
 * unless the file allows it), refuses expired and already decided approvals, decides exactly once
 * even when people click at the same moment, and resumes the execution.
 */
public final class DecideApproval {
  private final RunnerServices s;

  public DecideApproval(RunnerServices services) {
    this.s = services;
  }

  /**
   * Who decides.
   *
   * @param userId the member's id (what triggers record as the actor)
   * @param via where the decision comes from: {@code api}, {@code portal}, {@code slack}
   */
  public record Decider(String userId, Set<Role> roles, String via) {}

  /** The answer, for the decider. */
  public sealed interface Outcome {
    /** The decision was taken and the execution goes on. */
    record Decided(Approval approval) implements Outcome {}

    /** The decision was refused; {@code reason} says exactly why. */
    record Refused(String reason) implements Outcome {}
  }

  /**
   * Why {@code decider} may not decide the approval now, or empty if they may (a check before
   * asking for a reason; {@link #decide} checks again).
   *
   * @throws NotFoundException if there is no such approval
   */
  public java.util.Optional<String> refusal(
      TenantId tenant, String executionId, String approvalId, Decider decider) {
    Approval approval =
        s.approvals()
            .get(tenant, executionId, approvalId)
            .orElseThrow(() -> new NotFoundException("approval " + approvalId));
    return java.util.Optional.ofNullable(refusal(approval, decider, s.clock().instant()));
  }

  private static String refusal(Approval approval, Decider decider, Instant now) {
    if (approval.status() != ApprovalStatus.PENDING) {
      return alreadyDecided(approval);
    }
    if (approval.expiresAt().isPresent() && !now.isBefore(approval.expiresAt().get())) {
      return "this approval expired at " + approval.expiresAt().get();
    }
    if (decider.roles().stream().noneMatch(approval.allowedRoles()::contains)) {
      return "your role may not decide this approval; allowed: " + names(approval.allowedRoles());
    }
    if (!approval.requestedFor().isEmpty() && approval.requestedFor().equals(decider.userId())) {
      return "you triggered this execution, and the pipeline does not allow self-approval;"
          + " someone else must decide";
    }
    return null;
  }

  public Outcome decide(
      TenantId tenant,
      String executionId,
      String approvalId,
      Decider decider,
      boolean approve,
      String comment) {
    Instant now = s.clock().instant();
    Approval approval =
        s.approvals()
            .get(tenant, executionId, approvalId)
            .orElseThrow(() -> new NotFoundException("approval " + approvalId));
    String refused = refusal(approval, decider, now);
    if (refused != null) {
      return new Outcome.Refused(refused);
    }
    Approval decided;
    try {
      decided =
          s.approvals()
              .decide(
                  tenant,
                  executionId,
                  approvalId,
                  new Decision(
                      approve ? ApprovalStatus.APPROVED : ApprovalStatus.REJECTED,
                      decider.userId(),
                      now,
                      comment));
    } catch (ConflictException e) {
      return new Outcome.Refused(
          s.approvals()
              .get(tenant, executionId, approvalId)
              .map(DecideApproval::alreadyDecided)
              .orElse("this approval was already decided"));
    }
    int attempt = attemptOf(approvalId);
    String note = comment == null || comment.isBlank() ? "" : ": " + comment;
    StageOutcome outcome =
        approve
            ? new StageOutcome.Succeeded(
                Map.of(
                    "decision",
                    "approved",
                    "decidedBy",
                    decider.userId(),
                    "comment",
                    comment == null ? "" : comment))
            : new StageOutcome.Failed("rejected by " + decider.userId() + note);
    var execution = s.executions().get(tenant, executionId).orElseThrow();
    ExecutionView.event(
        s,
        execution,
        approve ? "approval.approved" : "approval.rejected",
        approval.stageId(),
        (approve ? "approved" : "rejected")
            + " by "
            + decider.userId()
            + " via "
            + decider.via()
            + note,
        now);
    Map<String, String> facts = new java.util.HashMap<>(ApprovalStageExecutor.facts(decided));
    facts.put(Notifier.Facts.VIA, decider.via());
    try {
      s.notifier()
          .notify(
              Notifier.Event.APPROVAL_DECIDED,
              execution,
              approval.stageId(),
              (approve ? "approved" : "rejected") + " by " + decider.userId() + note,
              Map.copyOf(facts));
    } catch (RuntimeException e) {
      // A notifier must not throw; if one does, the decision still resumes the execution.
      System.getLogger(DecideApproval.class.getName())
          .log(System.Logger.Level.WARNING, "notifying a decision failed: " + e);
    }
    // Told before the stage completes: the decision stands even if resuming fails and is retried.
    new CompleteStage(s).complete(tenant, executionId, approval.stageId(), attempt, outcome);
    return new Outcome.Decided(decided);
  }

  private static String alreadyDecided(Approval a) {
    return a.decision()
        .map(
            d ->
                "already "
                    + d.outcome().name().toLowerCase()
                    + " by "
                    + d.decidedBy()
                    + " at "
                    + d.at())
        .orElse("this approval is " + a.status().name().toLowerCase());
  }

  private static int attemptOf(String approvalId) {
    return Integer.parseInt(approvalId.substring(approvalId.lastIndexOf('-') + 1));
  }

  private static String names(Set<Role> roles) {
    return String.join(", ", roles.stream().sorted().map(r -> r.name().toLowerCase()).toList());
  }
}
