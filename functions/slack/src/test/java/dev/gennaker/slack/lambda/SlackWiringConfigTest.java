package dev.gennaker.slack.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the Slack functions read from their environment, and the errors for what is missing. */
class SlackWiringConfigTest {
  @Test
  void defaults_slackComAndNoApp() {
    var c = SlackWiring.Config.fromEnvironment(Map.of("GENNAKER_PORTAL_URL", "https://cd.example"));

    assertThat(c.slackApi()).hasToString("https://slack.com/api/");
    assertThat(c.portal()).hasToString("https://cd.example");
    assertThat(c.app()).isEmpty();
  }

  @Test
  void anApp_needsAllThreeVariables_andItsSecretsStayRedacted() {
    var c =
        SlackWiring.Config.fromEnvironment(
            Map.of(
                "GENNAKER_PORTAL_URL", "https://cd.example",
                "GENNAKER_SLACK_API_URL", "http://127.0.0.1:9000/api",
                "GENNAKER_SLACK_CLIENT_ID", "123.456",
                "GENNAKER_SLACK_CLIENT_SECRET", "client-secret-value",
                "GENNAKER_SLACK_SIGNING_SECRET", "signing-secret-value"));

    assertThat(c.slackApi()).hasToString("http://127.0.0.1:9000/api/");
    assertThat(c.app().orElseThrow().clientId()).isEqualTo("123.456");
    assertThat(c.toString()).doesNotContain("client-secret-value", "signing-secret-value");

    assertThatThrownBy(
            () ->
                SlackWiring.Config.fromEnvironment(
                    Map.of(
                        "GENNAKER_PORTAL_URL", "https://cd.example",
                        "GENNAKER_SLACK_CLIENT_ID", "123.456")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "a Slack app needs all of GENNAKER_SLACK_CLIENT_ID, GENNAKER_SLACK_CLIENT_SECRET,"
                + " GENNAKER_SLACK_SIGNING_SECRET; the function's environment lacks"
                + " GENNAKER_SLACK_CLIENT_SECRET, GENNAKER_SLACK_SIGNING_SECRET");
  }

  @Test
  void thePortal_isRequired() {
    assertThatThrownBy(() -> SlackWiring.Config.fromEnvironment(Map.of()))
        .hasMessage("the function's environment lacks GENNAKER_PORTAL_URL");
  }
}
