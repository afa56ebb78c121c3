package dev.gennaker.core.runner;

import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.approval.ApprovalStore;
import dev.gennaker.core.pipeline.stage.ApprovalSpec;
import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.tenant.Role;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code approval}: creates the approval record holding the task token and tells the approvers;
 * {@link DecideApproval} completes it. Idempotent per attempt: a retried start finds the record.
 */
final class ApprovalStageExecutor implements StageExecutor {
  private final ApprovalStore approvals;
  private final Notifier notifier;

  ApprovalStageExecutor(ApprovalStore approvals, Notifier notifier) {
    this.approvals = approvals;
    this.notifier = notifier;
  }

  @Override
  public Waiting waiting() {
    return Waiting.TOKEN;
  }

  @Override
  public Duration defaultTimeout() {
    return ApprovalSpec.DEFAULT_TIMEOUT;
  }

  @Override
  public Duration timeout(StageContext context) {
    return ((ApprovalSpec) context.stage().spec()).timeout();
  }

  @Override
  public void start(StageContext context, String taskToken) {
    var spec = (ApprovalSpec) context.stage().spec();
    var execution = context.execution();
    String question = context.text(spec.message());
    Approval approval =
        Approval.pending(
            execution.tenant(),
            execution.executionId(),
            approvalId(context.stage().id(), context.attempt()),
            context.stage().id(),
            allowedRoles(spec),
            spec.allowSelfApproval() ? "" : execution.trigger().actor(),
            context.now(),
            Optional.of(context.now().plus(spec.timeout())));
    try {
      approvals.create(approval, taskToken);
    } catch (AlreadyExistsException e) {
      return; // a retried start: the approval and its notification exist
    }
    java.util.Map<String, String> facts = new java.util.LinkedHashMap<>(facts(approval));
    if (spec.slackChannel() != null && !spec.slackChannel().isBlank()) {
      facts.put(Notifier.Facts.SLACK_CHANNEL, spec.slackChannel());
    }
    if (spec.remindEvery() != null) {
      facts.put(Notifier.Facts.REMIND_EVERY, spec.remindEvery().toString());
    }
    notifier.notify(
        Notifier.Event.AWAITING_APPROVAL,
        execution,
        context.stage().id(),
        question,
        java.util.Map.copyOf(facts));
  }

  /** What a notifier needs to show an approval (never the task token). */
  static java.util.Map<String, String> facts(Approval approval) {
    java.util.Map<String, String> facts = new java.util.LinkedHashMap<>();
    facts.put(Notifier.Facts.APPROVAL_ID, approval.approvalId());
    facts.put(
        Notifier.Facts.ALLOWED_ROLES,
        String.join(
            ",", approval.allowedRoles().stream().sorted().map(r -> lower(r.name())).toList()));
    if (!approval.requestedFor().isEmpty()) {
      facts.put(Notifier.Facts.REQUESTED_FOR, approval.requestedFor());
    }
    approval.expiresAt().ifPresent(at -> facts.put(Notifier.Facts.EXPIRES_AT, at.toString()));
    approval
        .decision()
        .ifPresent(
            d -> {
              facts.put(Notifier.Facts.DECISION, lower(d.outcome().name()));
              facts.put(Notifier.Facts.DECIDED_BY, d.decidedBy());
              facts.put(Notifier.Facts.DECIDED_AT, d.at().toString());
              facts.put(Notifier.Facts.COMMENT, d.comment());
            });
    return java.util.Map.copyOf(facts);
  }

  static String approvalId(String stageId, int attempt) {
    return stageId + "-" + attempt;
  }

  /**
   * Roles named in {@code approvers}; when it names none (or only groups, which the tenant model
   * does not have yet), deployers and above.
   */
  static Set<Role> allowedRoles(ApprovalSpec spec) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : spec.approvers()) {
      for (Role role : Role.values()) {
        if (role.name().equalsIgnoreCase(name) || (role.name() + "s").equalsIgnoreCase(name)) {
          roles.add(role);
        }
      }
    }
    if (roles.isEmpty()) {
      roles.addAll(EnumSet.of(Role.DEPLOYER, Role.EDITOR, Role.ADMIN));
    }
    roles.add(Role.ADMIN);
    roles.remove(Role.VIEWER);
    return roles;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
