package dev.gennaker.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.Trigger;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.trigger.TriggerFixture;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommitStatusesTest {
  private static final String SHA = "3c1f0e9d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";
  private static final String STATUSES = "POST /repos/acme/orders/statuses/" + SHA;
  private final WebhookFixture f = new WebhookFixture();

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void report_isRetried_untilGitHubTakesIt() throws Exception {
    f.github
        .on(STATUSES, 502, "error-server.json")
        .on(STATUSES, 500, "error-server.json")
        .on(STATUSES, 201, "status-created.json");
    boolean taken =
        f.statuses
            .report(f.acme(), "acme/orders", SHA, "pending", "gennaker/x", "started", null)
            .get(5, TimeUnit.SECONDS);
    assertThat(taken).isTrue();
    assertThat(f.github.requests("POST", "/repos/acme/orders/statuses/")).hasSize(3);
  }

  @Test
  void report_givesUpAfterItsAttempts_withoutThrowing() throws Exception {
    f.github.on(STATUSES, 500, "error-server.json");
    boolean taken =
        f.statuses
            .report(f.acme(), "acme/orders", SHA, "success", "gennaker/x", "done", null)
            .get(5, TimeUnit.SECONDS);
    assertThat(taken).isFalse();
    assertThat(f.github.requests("POST", "/repos/acme/orders/statuses/")).hasSize(3);
  }

  @Test
  void unreachableGitHub_isDroppedToo() throws Exception {
    f.github.close();
    boolean taken =
        f.statuses
            .report(f.acme(), "acme/orders", SHA, "success", "gennaker/x", "done", null)
            .get(10, TimeUnit.SECONDS);
    assertThat(taken).isFalse();
  }

  @Test
  void notifier_completesTheExecutionStatus_ofGitHubExecutionsOnly() throws Exception {
    f.github.on(STATUSES, 201, "status-created.json");
    CommitStatusNotifier notifier = new CommitStatusNotifier(f.statuses, f.services.links());
    Execution pushed =
        execution("github-push", Map.of("repository", "acme/orders", "commit", SHA))
            .withStatus(ExecutionStatus.FAILED, Instant.now());
    notifier.notify(Notifier.Event.STARTED, pushed, null, null);
    notifier.notify(Notifier.Event.FAILED, pushed, null, null);
    notifier.notify(
        Notifier.Event.SUCCEEDED,
        execution("api", Map.of("repository", "acme/orders", "commit", SHA)),
        null,
        null);
    // Every report the notifier asked for has been sent (retries included) once its threads end.
    f.statusThreads.shutdown();
    assertThat(f.statusThreads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    List<GitHubStandIn.Received> sent = f.github.requests("POST", "/repos/");
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).body())
        .contains("\"state\":\"failure\"")
        .contains("\"context\":\"gennaker/orders-release\"")
        .contains("https://app.gennaker.dev/t/acme/executions/ex-1");
  }

  private Execution execution(String type, Map<String, String> details) {
    return Execution.queued(
        TriggerFixture.ACME,
        "ex-1",
        "orders",
        "orders-release",
        1,
        new Trigger(type, "octocat", details),
        Map.of(),
        List.of(),
        Instant.now());
  }
}
