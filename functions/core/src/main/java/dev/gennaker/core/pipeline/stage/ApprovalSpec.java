package dev.gennaker.core.pipeline.stage;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code approval}: waits for a person to approve or reject, in Slack, the portal or the API.
 *
 * @param message the question (may hold expressions)
 * @param slackChannel where the question is posted (the pipeline's notification channel when
 *     absent)
 * @param approvers tenant roles or groups allowed to decide (empty: deployer and above)
 * @param allowSelfApproval whether the person who triggered the execution may decide
 * @param timeout how long to wait before the stage fails (24h when absent)
 * @param remindEvery how often to remind the approvers while it waits (never when absent)
 */
public record ApprovalSpec(
    String message,
    String slackChannel,
    List<String> approvers,
    boolean allowSelfApproval,
    Duration timeout,
    Duration remindEvery)
    implements StageSpec {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);

  /** The stage type. */
  public static final class Type implements StageType<ApprovalSpec> {
    @Override
    public String kind() {
      return "approval";
    }

    @Override
    public Class<ApprovalSpec> specType() {
      return ApprovalSpec.class;
    }

    @Override
    public Set<String> fields() {
      return Set.of(
          "message", "slackChannel", "approvers", "allowSelfApproval", "timeout", "remindEvery");
    }

    @Override
    public Set<String> outputs() {
      return Set.of("decision", "decidedBy", "comment");
    }

    @Override
    public ApprovalSpec read(SpecReader with) {
      var f = with.fields();
      String channel = f.string("slackChannel");
      if (channel != null && !Channels.valid(channel)) {
        with.diagnostics().error(f.node("slackChannel"), Channels.problem(channel));
      }
      Duration timeout = with.duration("timeout", false);
      Duration remind = with.duration("remindEvery", false);
      Duration effective = timeout == null ? DEFAULT_TIMEOUT : timeout;
      if (remind != null && remind.compareTo(effective) >= 0) {
        with.diagnostics()
            .error(f.node("remindEvery"), "\"remindEvery\" must be shorter than the timeout");
      }
      return new ApprovalSpec(
          f.requiredString("message"),
          channel,
          f.strings("approvers"),
          f.bool("allowSelfApproval", false),
          effective,
          remind);
    }
  }
}
