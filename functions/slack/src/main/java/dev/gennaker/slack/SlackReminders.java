package dev.gennaker.slack;

import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.approval.ApprovalStore;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.ExecutionStore;
import dev.gennaker.core.pipeline.Stage;
import dev.gennaker.core.pipeline.stage.ApprovalSpec;
import dev.gennaker.core.runner.PipelineSource;
import dev.gennaker.core.secret.SecretStore;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.slack.SlackConnections;
import dev.gennaker.core.slack.SlackDirectory;
import dev.gennaker.core.slack.SlackMessage;
import dev.gennaker.core.slack.SlackMessages;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.tenant.Member;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.core.tenant.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reminds approvers of pending approvals every {@code remindEvery} of their stage: a reply in the
 * approval message's thread that mentions the members who may decide. Meant to be called on a
 * schedule (every minute or so) per tenant; idempotent per interval — the number of reminders sent
 * is kept in the approval message's state ({@code pending;reminded=<n>}), so a repeated or late run
 * posts at most the one reminder that is due. Slack failures are logged and retried by the next
 * run.
 */
public final class SlackReminders {
  private static final Logger LOG = Logger.getLogger(SlackReminders.class.getName());
  private static final int MAX_MENTIONS = 10;

  private final SlackMessages messages;
  private final SecretStore secrets;
  private final ApprovalStore approvals;
  private final ExecutionStore executions;
  private final TenantStore tenants;
  private final PipelineSource pipelines;
  private final SlackApi api;
  private final Clock clock;

  public SlackReminders(
      SlackMessages messages,
      SecretStore secrets,
      ApprovalStore approvals,
      ExecutionStore executions,
      TenantStore tenants,
      PipelineSource pipelines,
      SlackApi api,
      Clock clock) {
    this.messages = messages;
    this.secrets = secrets;
    this.approvals = approvals;
    this.executions = executions;
    this.tenants = tenants;
    this.pipelines = pipelines;
    this.api = api;
    this.clock = clock;
  }

  /** What one sweep over every connected tenant did. */
  public record Sweep(int tenants, int reminders, int failedTenants) {}

  /**
   * Posts the reminders that are due for every tenant of {@code directory} that still has a Slack
   * connection. A tenant whose sweep fails is logged and counted; the others go on.
   */
  public Sweep sweep(SlackDirectory directory, SlackConnections connections) {
    int tenants = 0;
    int posted = 0;
    int failed = 0;
    for (TenantId tenant : directory.all()) {
      try {
        if (connections.get(tenant).isEmpty()) {
          continue;
        }
        tenants++;
        posted += remind(tenant);
      } catch (RuntimeException e) {
        failed++;
        LOG.log(Level.WARNING, "reminders of tenant " + tenant + " not swept: " + e.getMessage());
      }
    }
    return new Sweep(tenants, posted, failed);
  }

  /** Posts the reminders that are due for {@code tenant}; returns how many were posted. */
  public int remind(TenantId tenant) {
    Optional<String> token = secrets.get(SlackNotifier.botToken(tenant)).map(SecretValue::reveal);
    if (token.isEmpty()) {
      return 0;
    }
    int posted = 0;
    PageRequest request = PageRequest.first(100);
    while (true) {
      Page<Approval> page = approvals.listPending(tenant, request);
      for (Approval a : page.items()) {
        try {
          if (remind(token.get(), a)) {
            posted++;
          }
        } catch (RuntimeException e) {
          LOG.log(
              Level.WARNING,
              "reminder for tenant "
                  + tenant
                  + " execution "
                  + a.executionId()
                  + " not posted: "
                  + e.getMessage());
        }
      }
      if (page.nextToken().isEmpty()) {
        return posted;
      }
      request = PageRequest.after(100, page.nextToken().get());
    }
  }

  private boolean remind(String token, Approval a) {
    Optional<SlackMessage> message =
        messages.get(a.tenant(), a.executionId(), SlackMessage.approvalKey(a.approvalId()));
    if (message.isEmpty() || !message.get().state().startsWith(SlackNotifier.PENDING)) {
      return false;
    }
    Optional<Execution> execution = executions.get(a.tenant(), a.executionId());
    if (execution.isEmpty()) {
      return false;
    }
    Duration every = remindEvery(execution.get(), a.stageId());
    if (every == null || every.isZero() || every.isNegative()) {
      return false;
    }
    Instant now = clock.instant();
    if (a.expiresAt().isPresent() && !now.isBefore(a.expiresAt().get())) {
      return false;
    }
    long due = Duration.between(a.requestedAt(), now).toMillis() / every.toMillis();
    int sent = reminded(message.get().state());
    if (due <= sent) {
      return false;
    }
    String text =
        ":alarm_clock: Still waiting for a decision on stage `"
            + a.stageId()
            + "`, requested "
            + SlackBlocks.duration(Duration.between(a.requestedAt(), now))
            + " ago."
            + mentions(token, a);
    api.postMessage(
        token,
        message.get().channel(),
        text,
        List.of(
            com.slack.api.model.block.Blocks.section(
                s ->
                    s.blockId("reminder")
                        .text(
                            com.slack.api.model.block.composition.BlockCompositions.markdownText(
                                text)))),
        message.get().ts());
    messages.put(message.get().withState(SlackNotifier.PENDING + ";reminded=" + due));
    return true;
  }

  private Duration remindEvery(Execution e, String stageId) {
    for (Stage stage :
        pipelines
            .pipeline(e.tenant(), e.application(), e.pipeline(), e.pipelineVersion())
            .stages()) {
      if (stage.id().equals(stageId) && stage.spec() instanceof ApprovalSpec spec) {
        return spec.remindEvery();
      }
    }
    return null;
  }

  /** Mentions of the members who may decide (not the one who triggered it), as far as known. */
  private String mentions(String token, Approval a) {
    List<String> names = new ArrayList<>();
    for (Member m : tenants.listMembers(a.tenant(), PageRequest.first(100)).items()) {
      if (names.size() >= MAX_MENTIONS) {
        break;
      }
      if (m.userId().equals(a.requestedFor())
          || m.roles().stream()
              .noneMatch(
                  mine -> a.allowedRoles().stream().anyMatch(r -> r.ordinal() <= mine.ordinal()))
          || !m.userId().contains("@")) {
        continue;
      }
      try {
        api.userIdByEmail(token, m.userId()).ifPresent(id -> names.add("<@" + id + ">"));
      } catch (SlackApi.SlackDeliveryException e) {
        // Unknown to Slack: not mentioned.
      }
    }
    return names.isEmpty() ? "" : " " + String.join(" ", names);
  }

  static int reminded(String state) {
    int i = state.indexOf(";reminded=");
    if (i < 0) {
      return 0;
    }
    try {
      return Integer.parseInt(state.substring(i + ";reminded=".length()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
