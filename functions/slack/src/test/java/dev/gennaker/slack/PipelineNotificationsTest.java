package dev.gennaker.slack;

import static dev.gennaker.slack.SlackFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.pipeline.PipelineReader;
import dev.gennaker.core.runner.Notifier.Event;
import dev.gennaker.core.runner.PipelineSource;
import dev.gennaker.core.store.InMemoryPipelineStore;
import dev.gennaker.core.store.PipelineVersion;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A pipeline's own {@code notifications} choose the channel and the events that post. */
class PipelineNotificationsTest {
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
        notifications:
          - slack: { channel: "#billing-alerts" }
            on: [failed, stageFailed]
          - slack: { channel: "#billing-approvals" }
            on: [awaitingApproval]
      """;

  private final SlackFixture f = new SlackFixture();
  private final InMemoryPipelineStore store = new InMemoryPipelineStore(f.tokens);
  private final SlackNotifier notifier =
      new SlackNotifier(
          f.connections,
          f.messages,
          f.secrets,
          f.executions,
          f.approvals,
          new PipelineSource(store),
          f.api,
          "https://app.gennaker.dev/acme",
          Runnable::run,
          f.clock);

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void eventsThePipelineDoesNotList_postNothing_andListedOnesGoToTheirChannel() {
    assertThat(new PipelineReader().read(YAML).valid()).isTrue();
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
    Execution e = f.execution("ex-1");

    notifier.notify(Event.STARTED, e, null, null);
    assertThat(f.slack.calls()).isEmpty();

    notifier.notify(
        Event.AWAITING_APPROVAL,
        e,
        "prod-approval",
        "Promote billing to production?",
        Map.of("approvalId", "prod-approval-1"));
    var posts = f.slack.calls("chat.postMessage");
    assertThat(posts).hasSize(2);
    assertThat(posts.get(0).param("channel")).isEqualTo("#billing-approvals");
    // The approval follows in the same channel, named by the id Slack answered with.
    String channelId = f.messages.get(TENANT, "ex-1", "execution").orElseThrow().channel();
    assertThat(channelId).startsWith("C");
    assertThat(posts.get(1).param("channel")).isEqualTo(channelId);

    notifier.notify(Event.SUCCEEDED, e, null, null);
    // Not listed, but the message exists: it is updated in place, nothing new is posted.
    assertThat(f.slack.calls("chat.postMessage")).hasSize(2);
    assertThat(f.slack.calls("chat.update")).hasSize(1);
  }

  @Test
  void anApprovalStagesOwnChannel_getsTheQuestion_evenWhenThePipelineListsNoSuchEvent() {
    String yaml = YAML.replace("on: [awaitingApproval]", "on: [succeeded]");
    for (int v = 1; v <= 3; v++) {
      store.apply(
          new PipelineVersion(
              TENANT,
              "billing",
              "deploy-prod",
              v,
              yaml,
              "9f1c2ab",
              "dev@acme.example",
              SlackFixture.T0));
    }

    notifier.notify(
        Event.AWAITING_APPROVAL,
        f.execution("ex-3"),
        "prod-approval",
        "Promote?",
        Map.of("approvalId", "prod-approval-1", "slackChannel", "#release-managers"));

    var posts = f.slack.calls("chat.postMessage");
    assertThat(posts).hasSize(1);
    assertThat(posts.get(0).param("channel")).isEqualTo("#release-managers");
    assertThat(posts.get(0).param("blocks")).contains("gennaker.approve");
  }

  @Test
  void pipelinesWithoutNotifications_useTheTenantDefaultChannel() {
    notifier.notify(Event.STARTED, f.execution("ex-2"), null, null);

    assertThat(f.slack.calls("chat.postMessage").get(0).param("channel"))
        .isEqualTo(SlackFixture.CHANNEL);
  }
}
