package dev.gennaker.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.core.audit.AuditEntry;
import dev.gennaker.core.runner.DecideApproval;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.tenant.Member;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.TenantId;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Does what an interaction asked for ({@link SlackWork}), after Slack got its answer: decides the
 * approval through {@link DecideApproval} as the tenant member the Slack user maps to, updates the
 * approval's message for everyone, opens the reject dialog, and answers a refused click with an
 * ephemeral message (through the interaction's {@code response_url}) that says exactly why.
 *
 * <p>Doing a work item twice is harmless: a second decision is refused ("already approved by …")
 * and the message is already closed. Thread-safe.
 */
public final class SlackInteractions {
  private static final Logger LOG = Logger.getLogger(SlackInteractions.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a clicker is told when their decision could not be taken. */
  static final String TRY_AGAIN =
      "Gennaker could not take your decision just now. Try again, or decide in the portal.";

  private final SlackServices s;

  public SlackInteractions(SlackServices services) {
    this.s = services;
  }

  /**
   * Does {@code work}. Expected refusals (unknown user, policy, a vanished approval) are told to
   * the clicker and end normally.
   *
   * @throws RuntimeException on a fault (a store or Slack unreachable): the work may be retried
   */
  public void perform(SlackWork work) {
    try {
      switch (work.kind()) {
        case APPROVE:
          decide(work, true, "");
          break;
        case REJECT:
          decide(work, false, work.reason());
          break;
        case ASK_REASON:
          askForReason(work);
          break;
        default:
          throw new IllegalArgumentException("unknown work " + work.kind());
      }
    } catch (NotFoundException e) {
      tell(work, "This approval no longer exists.");
    }
  }

  /** Does {@code work}; a fault is logged and the clicker told to try again (no retry). */
  public void performOrTell(SlackWork work) {
    try {
      perform(work);
    } catch (RuntimeException e) {
      giveUp(work, e);
    }
  }

  /** Logs a fault of {@code work} and tells the clicker to try again. */
  public void giveUp(SlackWork work, RuntimeException e) {
    LOG.log(
        Level.WARNING,
        "Slack interaction of tenant "
            + work.tenant()
            + " execution "
            + work.executionId()
            + " failed: "
            + e.getMessage());
    tell(work, TRY_AGAIN);
  }

  private void decide(SlackWork work, boolean approve, String comment) {
    Optional<DecideApproval.Decider> decider = decider(work.tenant(), work.slackUser());
    if (decider.isEmpty()) {
      tell(work, unknownUser(work.slackUser()));
      return;
    }
    DecideApproval.Outcome outcome =
        s.decide()
            .decide(
                work.tenant(),
                work.executionId(),
                work.approvalId(),
                decider.get(),
                approve,
                comment);
    String objectId = work.executionId() + "/" + work.approvalId();
    if (outcome instanceof DecideApproval.Outcome.Refused refused) {
      audit(
          s,
          work.tenant(),
          decider.get().userId(),
          "approval.refused",
          "approval",
          objectId,
          Map.of("reason", refused.reason(), "via", "slack", "slackUser", work.slackUser()));
      tell(work, "Your decision was refused: " + refused.reason() + ".");
      return;
    }
    audit(
        s,
        work.tenant(),
        decider.get().userId(),
        approve ? "approval.approved" : "approval.rejected",
        "approval",
        objectId,
        Map.of("comment", comment, "via", "slack", "slackUser", work.slackUser()));
    s.notifier().closeApprovalNow(work.tenant(), work.executionId(), work.approvalId());
  }

  private void askForReason(SlackWork work) {
    Optional<DecideApproval.Decider> decider = decider(work.tenant(), work.slackUser());
    if (decider.isEmpty()) {
      tell(work, unknownUser(work.slackUser()));
      return;
    }
    Optional<String> refusal =
        s.decide().refusal(work.tenant(), work.executionId(), work.approvalId(), decider.get());
    if (refusal.isPresent()) {
      tell(work, "Your decision was refused: " + refusal.get() + ".");
      return;
    }
    ObjectNode meta = JSON.createObjectNode();
    meta.put("executionId", work.executionId());
    meta.put("approvalId", work.approvalId());
    meta.put("channel", work.channel());
    meta.put("responseUrl", work.responseUrl());
    String stageId =
        work.approvalId().substring(0, Math.max(0, work.approvalId().lastIndexOf('-')));
    try {
      s.api()
          .openView(
              botToken(work.tenant()),
              work.triggerId(),
              SlackBlocks.rejectModal(meta.toString(), stageId));
    } catch (SlackApi.SlackDeliveryException e) {
      if (!"expired_trigger_id".equals(e.error()) && !"invalid_trigger_id".equals(e.error())) {
        throw e;
      }
      // Slack lets a click open a dialog for 3 seconds only.
      tell(work, "The dialog to reject could not open in time. Click Reject again.");
    }
  }

  /**
   * The member a Slack user is: an explicit mapping first, else the e-mail of their Slack profile
   * ({@code users.info}) as member id. Roles count with every role below them, as for API keys.
   */
  private Optional<DecideApproval.Decider> decider(TenantId tenant, String slackUser) {
    if (slackUser.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> userId = s.connections().mappedMember(tenant, slackUser);
    if (userId.isEmpty()) {
      try {
        userId = s.api().userEmail(botToken(tenant), slackUser);
      } catch (SlackApi.SlackDeliveryException e) {
        if (!"user_not_found".equals(e.error())) {
          throw e;
        }
      }
    }
    Optional<Member> member =
        userId.flatMap(
            id ->
                s.tenants()
                    .getMember(tenant, id)
                    .or(() -> s.tenants().getMember(tenant, id.toLowerCase(Locale.ROOT))));
    return member.map(m -> new DecideApproval.Decider(m.userId(), withLower(m.roles()), "slack"));
  }

  private static Set<Role> withLower(Set<Role> roles) {
    Set<Role> all = EnumSet.noneOf(Role.class);
    for (Role r : roles) {
      for (Role lower : Role.values()) {
        if (lower.ordinal() <= r.ordinal()) {
          all.add(lower);
        }
      }
    }
    return all;
  }

  private static String unknownUser(String slackUser) {
    return "Your decision was refused: your Slack account (<@"
        + slackUser
        + ">) is not linked to a member of this Gennaker tenant. Ask an admin to add the e-mail"
        + " of your Slack profile as a member, or to map your Slack user to your member id.";
  }

  private String botToken(TenantId tenant) {
    return s.secrets()
        .get(SlackNotifier.botToken(tenant))
        .map(SecretValue::reveal)
        .orElseThrow(() -> new IllegalStateException("no Slack bot token stored"));
  }

  /** An ephemeral answer to the person who clicked, seen only by them. */
  void tell(SlackWork work, String text) {
    tell(s, work.responseUrl(), text);
  }

  static void tell(SlackServices s, String responseUrl, String text) {
    ObjectNode message = JSON.createObjectNode();
    message.put("response_type", "ephemeral");
    message.put("replace_original", false);
    message.put("text", text);
    try {
      if (!responseUrl.isEmpty()) {
        s.api().respond(responseUrl, message.toString());
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "an ephemeral Slack answer was not delivered: " + e.getMessage());
    }
  }

  /** Appends to the tenant's audit log, like the API does (failures are logged, not thrown). */
  static void audit(
      SlackServices s,
      TenantId tenant,
      String actor,
      String action,
      String objectType,
      String objectId,
      Map<String, String> details) {
    try {
      s.audit()
          .append(
              new AuditEntry(
                  tenant,
                  UUID.randomUUID().toString(),
                  s.clock().instant(),
                  actor,
                  action,
                  objectType,
                  objectId,
                  details));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "audit entry " + action + " of tenant " + tenant + " lost: " + e);
    }
  }
}
