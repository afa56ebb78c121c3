package dev.gennaker.slack;

import dev.gennaker.core.secret.SecretValue;
import java.util.List;
import java.util.Objects;

/**
 * The deployment's own Slack app, when one is configured ({@code GENNAKER_SLACK_CLIENT_ID}, {@code
 * GENNAKER_SLACK_CLIENT_SECRET}, {@code GENNAKER_SLACK_SIGNING_SECRET}): tenants then connect their
 * workspace with "Add to Slack" (OAuth) instead of creating an app of their own, and interactions
 * of such workspaces are signed with this app's signing secret.
 *
 * @param scopes the bot scopes asked for at install
 */
public record SlackApp(
    String clientId, SecretValue clientSecret, SecretValue signingSecret, List<String> scopes) {

  /** What Gennaker's messages and buttons need (see docs/slack.md). */
  public static final List<String> BOT_SCOPES =
      List.of("chat:write", "chat:write.public", "users:read", "users:read.email");

  public SlackApp {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(signingSecret, "signingSecret");
    scopes = List.copyOf(scopes);
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("the Slack app's client id must not be blank");
    }
  }

  public SlackApp(String clientId, SecretValue clientSecret, SecretValue signingSecret) {
    this(clientId, clientSecret, signingSecret, BOT_SCOPES);
  }
}
