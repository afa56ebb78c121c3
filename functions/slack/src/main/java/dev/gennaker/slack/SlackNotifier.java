package dev.gennaker.slack;

import com.slack.api.model.block.LayoutBlock;
import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.approval.ApprovalStatus;
import dev.gennaker.core.approval.ApprovalStore;
import dev.gennaker.core.cluster.DriftListener;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.ExecutionStore;
import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.pipeline.Notification;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.runner.PipelineSource;
import dev.gennaker.core.secret.SecretRef;
import dev.gennaker.core.secret.SecretStore;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.slack.PromotionDiff;
import dev.gennaker.core.slack.SlackConnection;
import dev.gennaker.core.slack.SlackConnections;
import dev.gennaker.core.slack.SlackMessage;
import dev.gennaker.core.slack.SlackMessages;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.tenant.TenantId;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells a tenant's Slack channel what its executions do: one message per execution, posted on the
 * first event and updated in place ({@code chat.update}) with the stage progress after every later
 * one; failures are also posted in that message's thread; an approval gets its own message with
 * Approve / Reject buttons, which is closed ("Approved by @ana at 14:02", no buttons) once the
 * approval is decided — from Slack, the portal or the API — or expires.
 *
 * <p>Never throws into the runner and never blocks it: work runs on {@code executor} (one thread
 * keeps a message's updates in order), Slack's rate limits and outages are retried by {@link
 * SlackApi}, and what still fails is logged (without tokens) and dropped. Tenants without a Slack
 * connection are skipped. Showing the latest state makes repeated events harmless.
 *
 * <p>Drift reported by a tenant's agents ({@link DriftListener}) is posted to the tenant's default
 * channel: which cluster, namespace and object, what changed and who changed it.
 */
public final class SlackNotifier implements Notifier, DriftListener {
  private static final Logger LOG = Logger.getLogger(SlackNotifier.class.getName());
  static final String PENDING = "pending";
  static final String CLOSED = "closed";

  private final SlackConnections connections;
  private final SlackMessages messages;
  private final SecretStore secrets;
  private final ExecutionStore executions;
  private final ApprovalStore approvals;
  private final SlackApi api;
  private final String portalBaseUrl;
  private final Executor executor;
  private final Clock clock;
  private final PipelineSource pipelines;

  /**
   * A notifier that sends every event of every pipeline to the tenant's default channel (the tenant
   * defaults); see the other constructor for pipelines' own {@code notifications}.
   */
  public SlackNotifier(
      SlackConnections connections,
      SlackMessages messages,
      SecretStore secrets,
      ExecutionStore executions,
      ApprovalStore approvals,
      SlackApi api,
      String portalBaseUrl,
      Executor executor,
      Clock clock) {
    this(
        connections,
        messages,
        secrets,
        executions,
        approvals,
        null,
        api,
        portalBaseUrl,
        executor,
        clock);
  }

  /**
   * @param pipelines where a pipeline's {@code notifications} are read: when a pipeline names Slack
   *     channels, its execution's message goes to the first channel whose {@code on} lists the
   *     event, and events it does not list post nothing new (a message once posted is still kept up
   *     to date, and its approvals closed); a pipeline without notifications uses the tenant's
   *     default channel for every event. Null means tenant defaults only.
   * @param portalBaseUrl the portal's base, to link executions
   * @param executor where delivery runs; a single thread keeps each message's updates in order
   */
  public SlackNotifier(
      SlackConnections connections,
      SlackMessages messages,
      SecretStore secrets,
      ExecutionStore executions,
      ApprovalStore approvals,
      PipelineSource pipelines,
      SlackApi api,
      String portalBaseUrl,
      Executor executor,
      Clock clock) {
    this.connections = connections;
    this.messages = messages;
    this.secrets = secrets;
    this.executions = executions;
    this.approvals = approvals;
    this.pipelines = pipelines;
    this.api = api;
    this.portalBaseUrl =
        portalBaseUrl.endsWith("/")
            ? portalBaseUrl.substring(0, portalBaseUrl.length() - 1)
            : portalBaseUrl;
    this.executor = executor;
    this.clock = clock;
  }

  /**
   * The executor production wiring gives a notifier: one daemon thread, so each message's updates
   * stay in order and the runner never waits for Slack.
   */
  public static java.util.concurrent.ExecutorService deliveryThread() {
    return java.util.concurrent.Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "slack-notifier");
          t.setDaemon(true);
          return t;
        });
  }

  /** The secret names of a tenant's Slack connection. */
  public static SecretRef botToken(TenantId tenant) {
    return new SecretRef(tenant, "slack-bot-token");
  }

  public static SecretRef signingSecret(TenantId tenant) {
    return new SecretRef(tenant, "slack-signing-secret");
  }

  @Override
  public void notify(Event event, Execution execution, String stageId, String detail) {
    notify(event, execution, stageId, detail, Map.of());
  }

  @Override
  public void notify(
      Event event, Execution execution, String stageId, String detail, Map<String, String> facts) {
    Runnable work =
        () -> {
          try {
            deliver(event, execution, stageId, detail, facts == null ? Map.of() : facts);
          } catch (RuntimeException e) {
            LOG.log(
                Level.WARNING,
                "Slack notification "
                    + event
                    + " of tenant "
                    + execution.tenant()
                    + " execution "
                    + execution.executionId()
                    + " dropped: "
                    + e.getMessage());
          }
        };
    try {
      executor.execute(work);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Slack notification not queued: " + e);
    }
  }

  @Override
  public void driftDetected(Drift drift) {
    Runnable work =
        () -> {
          try {
            Optional<Target> target = target(drift.tenant());
            if (target.isEmpty()) {
              return;
            }
            api.postMessage(
                target.get().token(),
                target.get().connection().defaultChannel(),
                SlackBlocks.driftText(drift),
                SlackBlocks.drift(drift, clock.instant()),
                null);
          } catch (RuntimeException e) {
            LOG.log(
                Level.WARNING,
                "Slack drift notification of tenant "
                    + drift.tenant()
                    + " cluster "
                    + drift.clusterId()
                    + " dropped: "
                    + e.getMessage());
          }
        };
    try {
      executor.execute(work);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Slack drift notification not queued: " + e);
    }
  }

  /** A connected tenant's bot token and channel. */
  private record Target(SlackConnection connection, String token) {}

  private Optional<Target> target(TenantId tenant) {
    return connections
        .get(tenant)
        .flatMap(
            c -> secrets.get(botToken(tenant)).map(SecretValue::reveal).map(t -> new Target(c, t)));
  }

  private void deliver(
      Event event, Execution given, String stageId, String detail, Map<String, String> facts) {
    Optional<Target> target = target(given.tenant());
    if (target.isEmpty()) {
      return;
    }
    String token = target.get().token();
    if (event == Event.DRIFT_DETECTED) {
      api.postMessage(
          token,
          target.get().connection().defaultChannel(),
          "Drift detected",
          SlackBlocks.failureReply(stageId, detail == null ? "drift detected" : detail),
          null);
      return;
    }
    Execution execution = executions.get(given.tenant(), given.executionId()).orElse(given);
    Optional<SlackMessage> existing =
        messages.get(execution.tenant(), execution.executionId(), SlackMessage.EXECUTION);
    Optional<String> channel = channel(execution, event, target.get().connection());
    boolean failure = event == Event.STAGE_FAILED || event == Event.FAILED;
    if (existing.isPresent() || channel.isPresent()) {
      SlackMessage main =
          showExecution(
              target.get(),
              existing,
              channel.orElse(null),
              execution,
              failure ? stageId : null,
              failure ? detail : null);
      if (failure && detail != null && channel.isPresent()) {
        api.postMessage(
            token,
            main.channel(),
            "Failed: " + detail,
            SlackBlocks.failureReply(stageId, detail),
            main.ts());
      }
      if (event == Event.AWAITING_APPROVAL && channel.isPresent()) {
        postApproval(target.get(), main.channel(), execution, stageId, detail, facts);
      }
    } else if (event == Event.AWAITING_APPROVAL && facts.containsKey(Facts.SLACK_CHANNEL)) {
      postApproval(target.get(), null, execution, stageId, detail, facts);
    }
    closeDecidedApprovals(token, execution);
  }

  /**
   * Where {@code event} is told, or empty when it is not (see the constructor): the pipeline's
   * first Slack notification listing the event, or the tenant's default channel when the pipeline
   * has none. Events that only change an existing message (decisions) are told nowhere new.
   */
  private Optional<String> channel(Execution e, Event event, SlackConnection connection) {
    Notification.Event wanted = pipelineEvent(event);
    if (wanted == null) {
      return Optional.empty();
    }
    List<Notification> configured = List.of();
    if (pipelines != null) {
      try {
        configured =
            pipelines
                .pipeline(e.tenant(), e.application(), e.pipeline(), e.pipelineVersion())
                .notifications()
                .stream()
                .filter(n -> n.slackChannel() != null)
                .toList();
      } catch (RuntimeException unreadable) {
        // The pipeline cannot be read (store down): fall back to the tenant's default.
        LOG.log(Level.FINE, "pipeline notifications unreadable: " + unreadable.getMessage());
      }
    }
    if (configured.isEmpty()) {
      return Optional.of(connection.defaultChannel());
    }
    return configured.stream()
        .filter(n -> n.on().contains(wanted))
        .map(Notification::slackChannel)
        .findFirst();
  }

  private static Notification.Event pipelineEvent(Event event) {
    switch (event) {
      case STARTED:
      case STAGE_PROGRESS:
        return Notification.Event.STARTED;
      case STAGE_FAILED:
        return Notification.Event.STAGE_FAILED;
      case AWAITING_APPROVAL:
        return Notification.Event.AWAITING_APPROVAL;
      case SUCCEEDED:
        return Notification.Event.SUCCEEDED;
      case FAILED:
        return Notification.Event.FAILED;
      case CANCELED:
        return Notification.Event.CANCELED;
      case DRIFT_DETECTED:
        return Notification.Event.DRIFT_DETECTED;
      default:
        return null;
    }
  }

  /** Posts (to {@code channel}) or updates the execution's message; returns where it is. */
  private SlackMessage showExecution(
      Target target,
      Optional<SlackMessage> existing,
      String channel,
      Execution execution,
      String failedStage,
      String failure) {
    List<StageRecord> stages =
        executions
            .listStages(execution.tenant(), execution.executionId(), PageRequest.first(100))
            .items();
    List<LayoutBlock> blocks =
        SlackBlocks.execution(
            new SlackBlocks.ExecutionView(
                execution,
                stages,
                Optional.ofNullable(failedStage),
                Optional.ofNullable(failure),
                executionUrl(execution),
                clock.instant()));
    String text = SlackBlocks.executionText(execution);
    if (existing.isPresent()) {
      api.update(target.token(), existing.get().channel(), existing.get().ts(), text, blocks);
      return existing.get();
    }
    SlackApi.Posted posted = api.postMessage(target.token(), channel, text, blocks, null);
    SlackMessage m =
        new SlackMessage(
            execution.tenant(),
            execution.executionId(),
            SlackMessage.EXECUTION,
            posted.channel(),
            posted.ts(),
            "");
    messages.put(m);
    return m;
  }

  /**
   * Posts the approval's message with its buttons, in the channel the approval stage names, else
   * beside the execution's message ({@code mainChannel}).
   */
  private void postApproval(
      Target target,
      String mainChannel,
      Execution execution,
      String stageId,
      String question,
      Map<String, String> facts) {
    if (!facts.containsKey(Facts.APPROVAL_ID)) {
      return;
    }
    String channel = facts.getOrDefault(Facts.SLACK_CHANNEL, mainChannel);
    String key = SlackMessage.approvalKey(facts.get(Facts.APPROVAL_ID));
    if (messages.get(execution.tenant(), execution.executionId(), key).isPresent()) {
      return; // a repeated event: the approval's message exists
    }
    Optional<PromotionDiff.Summary> diff = diff(execution, stageId);
    SlackApi.Posted posted =
        api.postMessage(
            target.token(),
            channel,
            SlackBlocks.approvalText(execution, stageId, ApprovalStatus.PENDING),
            SlackBlocks.approvalPending(
                execution,
                stageId,
                question,
                facts,
                executionUrl(execution),
                diff,
                diff.flatMap(PromotionDiff.Summary::since)
                    .map(id -> portalBaseUrl + "/executions/" + id)
                    .orElse(null)),
            null);
    messages.put(
        new SlackMessage(
            execution.tenant(),
            execution.executionId(),
            key,
            posted.channel(),
            posted.ts(),
            PENDING));
  }

  /**
   * What the approval promotes vs what runs now; empty without a pipeline source, or when it cannot
   * be told (the question is posted without it rather than not at all).
   */
  private Optional<PromotionDiff.Summary> diff(Execution execution, String stageId) {
    if (pipelines == null || stageId == null) {
      return Optional.empty();
    }
    try {
      return new PromotionDiff(executions, pipelines).of(execution, stageId);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "no promotion diff for execution " + execution.executionId() + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Closes the messages of this execution's approvals that are no longer pending. */
  private void closeDecidedApprovals(String token, Execution execution) {
    for (SlackMessage m : messages.list(execution.tenant(), execution.executionId())) {
      if (m.approvalId() == null || !m.state().startsWith(PENDING)) {
        continue;
      }
      Optional<Approval> approval =
          approvals.get(execution.tenant(), execution.executionId(), m.approvalId());
      if (approval.isEmpty() || approval.get().status() == ApprovalStatus.PENDING) {
        continue;
      }
      closeApproval(token, m, execution, approval.get());
    }
  }

  private void closeApproval(String token, SlackMessage m, Execution execution, Approval a) {
    String decider = a.decision().map(d -> mention(token, d.decidedBy())).orElse("");
    api.update(
        token,
        m.channel(),
        m.ts(),
        SlackBlocks.approvalText(execution, a.stageId(), a.status()),
        SlackBlocks.approvalClosed(execution, a, decider, executionUrl(execution)));
    messages.put(m.withState(CLOSED));
  }

  /**
   * Updates the approval's message for everyone now (on the caller's thread), e.g. right after a
   * decision taken from Slack. Does nothing when the message does not exist or is already closed.
   */
  public void closeApprovalNow(TenantId tenant, String executionId, String approvalId) {
    Optional<Target> target = target(tenant);
    Optional<SlackMessage> m =
        messages.get(tenant, executionId, SlackMessage.approvalKey(approvalId));
    Optional<Approval> a = approvals.get(tenant, executionId, approvalId);
    Optional<Execution> e = executions.get(tenant, executionId);
    if (target.isEmpty()
        || m.isEmpty()
        || !m.get().state().startsWith(PENDING)
        || a.isEmpty()
        || a.get().status() == ApprovalStatus.PENDING
        || e.isEmpty()) {
      return;
    }
    closeApproval(target.get().token(), m.get(), e.get(), a.get());
  }

  /** {@code <@U…>} for a member whose e-mail Slack knows; their user id otherwise. */
  private String mention(String token, String userId) {
    if (userId.contains("@")) {
      try {
        Optional<String> slackUser = api.userIdByEmail(token, userId);
        if (slackUser.isPresent()) {
          return "<@" + slackUser.get() + ">";
        }
      } catch (SlackApi.SlackDeliveryException e) {
        // A name is enough when Slack cannot tell.
      }
    }
    return SlackBlocks.escape(userId);
  }

  private String executionUrl(Execution e) {
    return portalBaseUrl + "/executions/" + e.executionId();
  }
}
