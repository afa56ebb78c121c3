package dev.gennaker.slack.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled reminder sweep over every tenant with a Slack connection, over DynamoDB Local, with
 * the input an EventBridge Scheduler schedule sends.
 */
class SlackRemindersHandlerTest {
  @TempDir java.nio.file.Path data;
  private AwsSlackFixture f;
  private SlackRemindersHandler handler;

  @BeforeEach
  void start() {
    f = new AwsSlackFixture(data);
    handler = new SlackRemindersHandler(f.wired);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private static Map<String, Object> scheduleInput() {
    return Map.of("source", "gennaker.slack-reminders", "schedule", "rate(1 minute)");
  }

  @Test
  void aSweep_remindsTheConnectedTenantsPendingApprovals_oncePerInterval() {
    f.awaitingApproval("ex-r1");
    String approvalTs =
        f.plane
            .slackMessages()
            .get(f.tenant, "ex-r1", "approval." + AwsSlackFixture.APPROVAL)
            .orElseThrow()
            .ts();
    f.slack.clear();

    f.clock.advance(Duration.ofMinutes(30));
    Map<String, Object> early = handler.handleRequest(scheduleInput(), null);
    assertThat((Integer) early.get("tenants")).isGreaterThanOrEqualTo(1);
    assertThat(f.slack.calls("chat.postMessage")).isEmpty();

    f.clock.advance(Duration.ofMinutes(35));
    Map<String, Object> due = handler.handleRequest(scheduleInput(), null);
    Map<String, Object> again = handler.handleRequest(scheduleInput(), null);

    assertThat((Integer) due.get("reminders")).isGreaterThanOrEqualTo(1);
    var posts = f.slack.calls("chat.postMessage");
    assertThat(posts).hasSize(1);
    assertThat(posts.get(0).param("thread_ts")).isEqualTo(approvalTs);
    assertThat(posts.get(0).param("text"))
        .startsWith(":alarm_clock: Still waiting for a decision on stage `prod-approval`")
        .contains("<@U0ANA>")
        .doesNotContain("<@U0DEV>");
    assertThat(again.keySet()).containsExactly("tenants", "reminders", "failedTenants");
  }

  @Test
  void aDisconnectedTenant_isNoLongerSwept() {
    f.awaitingApproval("ex-r2");
    f.slack.clear();
    f.wired.connections().delete(f.tenant);
    assertThat(f.wired.directory().all()).doesNotContain(f.tenant);

    f.clock.advance(Duration.ofHours(2));
    handler.handleRequest(scheduleInput(), null);

    assertThat(f.slack.calls("chat.postMessage")).isEmpty();
  }
}
