package dev.gennaker.core.approval;

import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The public view of an approval: safe to return to API callers and to show in Slack. It has no
 * task token, on purpose. {@code requestedFor} is the trigger's actor, whom policy refuses as
 * approver. {@code version} is the stored revision (0 before the first write).
 */
public record Approval(
    TenantId tenant,
    String executionId,
    String approvalId,
    String stageId,
    Set<Role> allowedRoles,
    String requestedFor,
    Instant requestedAt,
    Optional<Instant> expiresAt,
    ApprovalStatus status,
    Optional<Decision> decision,
    long version) {
  public Approval {
    Objects.requireNonNull(tenant, "tenant");
    Ids.require("execution id", executionId);
    Ids.require("approval id", approvalId);
    Ids.require("stage id", stageId);
    allowedRoles = Set.copyOf(allowedRoles);
    Objects.requireNonNull(requestedFor, "requestedFor");
    Objects.requireNonNull(requestedAt, "requestedAt");
    expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
    Objects.requireNonNull(status, "status");
    decision = decision == null ? Optional.empty() : decision;
  }

  /** A new pending approval (version 0, not yet stored). */
  public static Approval pending(
      TenantId tenant,
      String executionId,
      String approvalId,
      String stageId,
      Set<Role> allowedRoles,
      String requestedFor,
      Instant requestedAt,
      Optional<Instant> expiresAt) {
    return new Approval(
        tenant,
        executionId,
        approvalId,
        stageId,
        allowedRoles,
        requestedFor,
        requestedAt,
        expiresAt,
        ApprovalStatus.PENDING,
        Optional.empty(),
        0);
  }

  /** This approval decided (used by stores). */
  public Approval decided(Decision d, long newVersion) {
    return new Approval(
        tenant,
        executionId,
        approvalId,
        stageId,
        allowedRoles,
        requestedFor,
        requestedAt,
        expiresAt,
        d.outcome(),
        Optional.of(d),
        newVersion);
  }

  /** The same approval at another stored revision (used by stores). */
  public Approval atVersion(long v) {
    return new Approval(
        tenant,
        executionId,
        approvalId,
        stageId,
        allowedRoles,
        requestedFor,
        requestedAt,
        expiresAt,
        status,
        decision,
        v);
  }
}
