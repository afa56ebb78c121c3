package dev.gennaker.slack;

import static dev.gennaker.slack.SlackFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Work items: their queue form, and the work's answers when Slack cannot follow. */
class SlackWorkTest {
  private final SlackFixture f = new SlackFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void aWorkItem_roundTripsThroughItsQueueForm() {
    SlackWork w =
        new SlackWork(
            SlackWork.Kind.REJECT,
            TENANT,
            "ex-1",
            "prod-approval-1",
            "U0ANA",
            "C0DEPLOYS",
            "https://hooks.slack.com/actions/T0ACME/1/abc",
            "",
            "error rate doubled");

    assertThat(SlackWork.fromJson(w.toJson())).isEqualTo(w);
  }

  @Test
  void aBodyThatIsNoWorkItem_isRefused_sayingWhy() {
    assertThatThrownBy(() -> SlackWork.fromJson("not json"))
        .hasMessage("a Slack work item must be JSON");
    assertThatThrownBy(() -> SlackWork.fromJson("[1]"))
        .hasMessage("a Slack work item must be a JSON object");
    assertThatThrownBy(() -> SlackWork.fromJson("{\"kind\":\"LAUNCH\"}"))
        .hasMessage("unknown Slack work kind 'LAUNCH'");
    assertThatThrownBy(
            () ->
                SlackWork.fromJson(
                    "{\"kind\":\"APPROVE\",\"tenantId\":\"acme\",\"executionId\":\"e\"}"))
        .hasMessage("a Slack work item needs approvalId");
  }

  @Test
  void aRejectDialogThatCannotOpenInTime_tellsTheClickerToClickAgain() {
    f.awaitingApproval("ex-1");
    f.slack.failNext("views.open", "expired_trigger_id");

    new SlackInteractions(f.services)
        .perform(
            new SlackWork(
                SlackWork.Kind.ASK_REASON,
                TENANT,
                "ex-1",
                SlackFixture.APPROVAL,
                "U0ANA",
                SlackFixture.CHANNEL,
                f.slack.responseUrl("ex-1-ana"),
                "10265374151234.10262941241234.3f1c0b7d",
                ""));

    assertThat(f.slack.awaitCalls("response_url", 1, Duration.ofSeconds(5)).get(0).param("text"))
        .isEqualTo("The dialog to reject could not open in time. Click Reject again.");
  }
}
