package dev.gennaker.slack;

import static dev.gennaker.slack.SlackFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.runner.DecideApproval;
import dev.gennaker.core.runner.PipelineSource;
import dev.gennaker.core.store.InMemoryPipelineStore;
import dev.gennaker.core.store.PipelineVersion;
import dev.gennaker.core.tenant.Role;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackRemindersTest {
  private static final String YAML =
      """
      apiVersion: gennaker.dev/v1
      kind: Pipeline
      metadata:
        name: deploy-prod
        application: billing
      spec:
        stages:
          - id: prod-approval
            type: approval
            with:
              message: Promote billing to production?
              timeout: 4h
              remindEvery: 1h
      """;

  private final SlackFixture f = new SlackFixture();
  private final InMemoryPipelineStore store = new InMemoryPipelineStore(f.tokens);
  private final SlackReminders reminders =
      new SlackReminders(
          f.messages,
          f.secrets,
          f.approvals,
          f.executions,
          f.tenants,
          new PipelineSource(store),
          f.api,
          f.clock);
  private String approvalTs;

  @BeforeEach
  void pending() {
    for (int v = 1; v <= 3; v++) {
      store.apply(
          new PipelineVersion(
              TENANT,
              "billing",
              "deploy-prod",
              v,
              YAML,
              "9f1c2ab",
              "dev@acme.example",
              SlackFixture.T0));
    }
    f.awaitingApproval("ex-1");
    approvalTs = f.messages.get(TENANT, "ex-1", "approval.prod-approval-1").orElseThrow().ts();
    f.slack.clear();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void remindsOncePerInterval_inTheThread_mentioningWhoMayDecide() {
    f.clock.advance(Duration.ofMinutes(30));
    assertThat(reminders.remind(TENANT)).isZero();

    f.clock.advance(Duration.ofMinutes(35));
    assertThat(reminders.remind(TENANT)).isEqualTo(1);
    assertThat(reminders.remind(TENANT)).isZero();

    var posts = f.slack.calls("chat.postMessage");
    assertThat(posts).hasSize(1);
    assertThat(posts.get(0).param("thread_ts")).isEqualTo(approvalTs);
    assertThat(posts.get(0).param("text"))
        .startsWith(
            ":alarm_clock: Still waiting for a decision on stage `prod-approval`, requested 1h 5m ago.")
        .contains("<@U0ANA>", "<@U0BO>")
        .doesNotContain("<@U0DEV>", "<@U0VI>");

    f.clock.advance(Duration.ofHours(1));
    assertThat(reminders.remind(TENANT)).isEqualTo(1);
  }

  @Test
  void decidedApprovals_areNotReminded() {
    f.decide.decide(
        TENANT,
        "ex-1",
        SlackFixture.APPROVAL,
        new DecideApproval.Decider("ana@acme.example", EnumSet.of(Role.DEPLOYER), "portal"),
        true,
        "");
    f.clock.advance(Duration.ofHours(2));

    assertThat(reminders.remind(TENANT)).isZero();
  }
}
