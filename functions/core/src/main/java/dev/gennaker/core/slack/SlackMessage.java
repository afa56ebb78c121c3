package dev.gennaker.core.slack;

import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.TenantId;
import java.util.Objects;

/**
 * One Slack message that shows an execution ({@code key} {@value #EXECUTION}) or one of its
 * approvals ({@code key} {@code approval.<approvalId>}), so later events update it in place.
 *
 * @param channel the channel id Slack answered with (chat.update needs the id, not the name)
 * @param ts Slack's message timestamp, the message's id within the channel
 * @param state what the message shows last, e.g. {@code pending} or {@code closed} for an approval
 */
public record SlackMessage(
    TenantId tenant, String executionId, String key, String channel, String ts, String state) {
  public static final String EXECUTION = "execution";

  public SlackMessage {
    Objects.requireNonNull(tenant, "tenant");
    Ids.require("execution id", executionId);
    Ids.require("message key", key);
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(ts, "ts");
    state = state == null ? "" : state;
  }

  /** The key of the message of approval {@code approvalId}. */
  public static String approvalKey(String approvalId) {
    return "approval." + approvalId;
  }

  /** The approval id of an approval message, or null for the execution's message. */
  public String approvalId() {
    return key.startsWith("approval.") ? key.substring("approval.".length()) : null;
  }

  public SlackMessage withState(String next) {
    return new SlackMessage(tenant, executionId, key, channel, ts, next);
  }
}
