package dev.gennaker.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.core.tenant.TenantId;
import java.io.IOException;
import java.util.Objects;

/**
 * One piece of work an interaction asks for, done after Slack got its answer: decide an approval,
 * or ask for a rejection's reason. Carries ids and where to answer, never a token or a secret; it
 * travels through the {@code slack-work} queue on AWS, so it has a JSON form.
 *
 * @param slackUser who clicked or submitted
 * @param channel where the click happened
 * @param responseUrl the interaction's {@code response_url}, for ephemeral answers (may be empty)
 * @param triggerId the click's {@code trigger_id} (only {@link Kind#ASK_REASON}; Slack lets it open
 *     a dialog for 3 seconds)
 * @param reason the rejection's reason ({@link Kind#REJECT} only)
 */
public record SlackWork(
    Kind kind,
    TenantId tenant,
    String executionId,
    String approvalId,
    String slackUser,
    String channel,
    String responseUrl,
    String triggerId,
    String reason) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What to do. */
  public enum Kind {
    /** Approve (a click on Approve). */
    APPROVE,
    /** Open the dialog that asks why (a click on Reject). */
    ASK_REASON,
    /** Reject with {@code reason} (the dialog's submission). */
    REJECT
  }

  public SlackWork {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(approvalId, "approvalId");
    slackUser = slackUser == null ? "" : slackUser;
    channel = channel == null ? "" : channel;
    responseUrl = responseUrl == null ? "" : responseUrl;
    triggerId = triggerId == null ? "" : triggerId;
    reason = reason == null ? "" : reason;
  }

  /** The queue message's body. */
  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("kind", kind.name());
    n.put("tenantId", tenant.value());
    n.put("executionId", executionId);
    n.put("approvalId", approvalId);
    n.put("slackUser", slackUser);
    n.put("channel", channel);
    n.put("responseUrl", responseUrl);
    n.put("triggerId", triggerId);
    n.put("reason", reason);
    return n.toString();
  }

  /**
   * Reads a queue message's body.
   *
   * @throws IllegalArgumentException naming what is wrong, for a body that is not a work item
   */
  public static SlackWork fromJson(String json) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("a Slack work item must be JSON", e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("a Slack work item must be a JSON object");
    }
    Kind kind;
    try {
      kind = Kind.valueOf(n.path("kind").asText(""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown Slack work kind '" + n.path("kind").asText("") + "'");
    }
    for (String field : new String[] {"tenantId", "executionId", "approvalId"}) {
      if (n.path(field).asText("").isEmpty()) {
        throw new IllegalArgumentException("a Slack work item needs " + field);
      }
    }
    return new SlackWork(
        kind,
        TenantId.of(n.path("tenantId").asText()),
        n.path("executionId").asText(),
        n.path("approvalId").asText(),
        n.path("slackUser").asText(""),
        n.path("channel").asText(""),
        n.path("responseUrl").asText(""),
        n.path("triggerId").asText(""),
        n.path("reason").asText(""));
  }
}
