package dev.gennaker.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackApiTest {
  private final SlackStandIn slack = SlackStandIn.start("xoxb-test");
  private final List<Duration> waits = new ArrayList<>();
  private final SlackApi api =
      new SlackApi(
          slack.baseUrl(),
          new SlackApi.Retries(4, Duration.ofMillis(500), Duration.ofSeconds(30), waits::add));

  @AfterEach
  void stop() {
    slack.close();
  }

  @Test
  void postMessage_returnsChannelAndTs() {
    SlackApi.Posted posted = api.postMessage("xoxb-test", "C0DEPLOYS", "hello", List.of(), null);

    assertThat(posted.channel()).isEqualTo("C0DEPLOYS");
    assertThat(posted.ts()).matches("\\d+\\.\\d{6}");
    assertThat(slack.calls("chat.postMessage").get(0).authorization())
        .isEqualTo("Bearer xoxb-test");
  }

  @Test
  void rateLimited_isRetriedAfterRetryAfter() {
    slack.rateLimitNext("chat.postMessage", 2, 7);

    api.postMessage("xoxb-test", "C0DEPLOYS", "hello", List.of(), null);

    assertThat(slack.calls("chat.postMessage")).hasSize(3);
    assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
  }

  @Test
  void retryAfter_isCappedByMaxWait() {
    slack.rateLimitNext("chat.update", 1, 3600);
    String ts = api.postMessage("xoxb-test", "C1", "x", List.of(), null).ts();

    api.update("xoxb-test", "C1", ts, "y", List.of());

    assertThat(waits).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void givesUp_afterMaxAttempts_withoutLeakingTheToken() {
    slack.rateLimitNext("chat.postMessage", 10, 1);

    assertThatThrownBy(() -> api.postMessage("xoxb-test", "C1", "x", List.of(), null))
        .isInstanceOf(SlackApi.SlackDeliveryException.class)
        .hasMessage("Slack chat.postMessage failed: rate limited after 4 attempts")
        .hasMessageNotContaining("xoxb");
    assertThat(slack.calls("chat.postMessage")).hasSize(4);
  }

  @Test
  void unreachableSlack_isRetriedWithExponentialBackoff() {
    SlackApi down =
        new SlackApi(
            "http://127.0.0.1:1/api/",
            new SlackApi.Retries(3, Duration.ofMillis(500), Duration.ofSeconds(30), waits::add));

    assertThatThrownBy(() -> down.postMessage("xoxb-test", "C1", "x", List.of(), null))
        .isInstanceOf(SlackApi.SlackDeliveryException.class)
        .hasMessageContaining("after 3 attempts");
    assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
  }

  @Test
  void slackRefusals_areNotRetried() {
    slack.failNext("chat.postMessage", "channel_not_found");

    assertThatThrownBy(() -> api.postMessage("xoxb-test", "C1", "x", List.of(), null))
        .isInstanceOf(SlackApi.SlackDeliveryException.class)
        .hasMessage("Slack chat.postMessage failed: channel_not_found");
    assertThat(slack.calls("chat.postMessage")).hasSize(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void responseUrl_rateLimit_isRetried() {
    slack.rateLimitNext("response_url", 1, 2);

    api.respond(slack.responseUrl("a1"), "{\"response_type\":\"ephemeral\",\"text\":\"no\"}");

    assertThat(slack.calls("response_url")).hasSize(2);
    assertThat(waits).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void userEmail_andLookup() {
    slack.user(new SlackStandIn.User("U1", "T1", "ana", "ana@example.com"));

    assertThat(api.userEmail("xoxb-test", "U1")).contains("ana@example.com");
    assertThat(api.userIdByEmail("xoxb-test", "ana@example.com")).contains("U1");
    assertThat(api.userIdByEmail("xoxb-test", "bo@example.com")).isEmpty();
  }
}
