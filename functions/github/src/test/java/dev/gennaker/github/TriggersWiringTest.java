package dev.gennaker.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.runner.FinishExecution;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.runner.PlanExecution;
import dev.gennaker.core.trigger.ChainedPipelines;
import dev.gennaker.core.trigger.TriggerFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The trigger pieces wired as production wires them: a push starts an execution, the runner's own
 * Plan and Finish use cases end it, and the composed notifier completes the commit status and
 * starts the chained pipeline with the upstream's context.
 */
class TriggersWiringTest {
  private static final String AFTER = "3c1f0e9d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";
  private final WebhookFixture f = new WebhookFixture();

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void push_runsToTheEnd_thenStatusIsCompleted_andTheChainedPipelineStarts() throws Exception {
    f.core.notifier.set(
        Notifier.all(
            new ChainedPipelines(f.core.tenantPipelines(), f.core::start),
            new CommitStatusNotifier(f.statuses, f.services.links())));
    f.github.on("POST /repos/acme/orders/statuses/" + AFTER, 201, "status-created.json");
    f.core.applyPipeline(
        f.acme(),
        "apiVersion: gennaker.dev/v1\nkind: Pipeline\nmetadata:\n  name: orders-release\n"
            + "  application: orders\nspec:\n  triggers:\n    - type: github\n"
            + "      repository: acme/orders\n      events: [push]\n      branches: [main]\n"
            + "  stages:\n    - id: only-on-hotfix\n      type: wait\n"
            + "      when: \"trigger.branch == 'hotfix'\"\n      with:\n        duration: 1s\n");
    f.core.applyPipeline(
        f.acme(),
        TriggerFixture.pipeline(
            "orders",
            "orders-smoke",
            "    - type: pipeline\n      pipeline: orders-release\n      statuses: [succeeded]\n"));

    HttpResponse r = f.function.handle(WebhookFixture.acme("push", "push.json"));
    String id =
        new ObjectMapper()
            .readTree(r.bodyText())
            .path("executions")
            .get(0)
            .path("executionId")
            .asText();

    new PlanExecution(f.core.runner).plan(f.acme(), id);
    assertThat(new FinishExecution(f.core.runner).finish(f.acme(), id))
        .isEqualTo(ExecutionStatus.SUCCEEDED);

    assertThat(f.core.started).hasSize(2);
    Execution smoke =
        f.core
            .executions
            .get(f.acme(), f.core.started.get(1).substring("acme/".length()))
            .orElseThrow();
    assertThat(smoke.pipeline()).isEqualTo("orders-smoke");
    assertThat(smoke.trigger().details())
        .containsEntry("commit", AFTER)
        .containsEntry("upstreamExecutionId", id);
    assertThat(smoke.trigger().actor()).isEqualTo("octocat");

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    List<GitHubStandIn.Received> sent = List.of();
    while (System.nanoTime() < deadline) {
      sent = f.github.requests("POST", "/repos/acme/orders/statuses/");
      if (sent.stream().anyMatch(q -> q.body().contains("\"success\""))) {
        break;
      }
      Thread.sleep(10);
    }
    assertThat(sent)
        .anySatisfy(
            q -> assertThat(q.body()).contains("\"pending\"").contains("gennaker/orders-release"))
        .anySatisfy(
            q -> assertThat(q.body()).contains("\"success\"").contains("gennaker/orders-release"));
  }
}
