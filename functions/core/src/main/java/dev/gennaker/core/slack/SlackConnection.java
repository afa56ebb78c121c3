package dev.gennaker.core.slack;

import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * A tenant's connected Slack workspace. Holds no secret: the bot token and the signing secret are
 * stored in the secret store as {@code slack-bot-token} and {@code slack-signing-secret}.
 *
 * @param teamId the workspace id ({@code T…}) that Slack sends with every interaction
 * @param defaultChannel where notifications go when a pipeline names no channel ({@code C…} or
 *     {@code #name})
 */
public record SlackConnection(
    TenantId tenant, String teamId, String defaultChannel, Instant connectedAt) {
  public SlackConnection {
    Objects.requireNonNull(tenant, "tenant");
    Ids.require("Slack team id", teamId);
    Objects.requireNonNull(defaultChannel, "defaultChannel");
    if (defaultChannel.isBlank()) {
      throw new IllegalArgumentException("the default channel must not be blank");
    }
    Objects.requireNonNull(connectedAt, "connectedAt");
  }
}
