package dev.gennaker.core.trigger;

import static dev.gennaker.core.trigger.TriggerFixture.ACME;
import static dev.gennaker.core.trigger.TriggerFixture.GLOBEX;
import static dev.gennaker.core.trigger.TriggerFixture.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.gennaker.core.execution.Artifact;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.Trigger;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.tenant.TenantId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChainedPipelinesTest {
  private final TriggerFixture f = new TriggerFixture();
  private ChainedPipelines chain;

  @BeforeEach
  void setUp() {
    f.applyPipeline(ACME, pipeline("orders", "orders-build", ""));
    f.applyPipeline(
        ACME,
        pipeline(
            "orders",
            "orders-deploy",
            "    - type: pipeline\n      pipeline: orders-build\n      statuses: [succeeded]\n"));
    f.applyPipeline(
        ACME,
        pipeline(
            "orders",
            "orders-cleanup",
            "    - type: pipeline\n      pipeline: orders-build\n      statuses: [failed, canceled]\n"));
    // another tenant's pipeline of the same name must never start from acme's build
    f.applyPipeline(
        GLOBEX,
        pipeline(
            "orders",
            "orders-deploy",
            "    - type: pipeline\n      pipeline: orders-build\n      statuses: [succeeded]\n"));
    chain = new ChainedPipelines(f.tenantPipelines(), f::start);
    f.notifier.set(chain);
  }

  private Execution ended(TenantId tenant, String pipeline, ExecutionStatus status) {
    return ended(tenant, "orders", pipeline, status);
  }

  private Execution ended(
      TenantId tenant, String application, String pipeline, ExecutionStatus status) {
    Execution e =
        f.start()
            .start(
                tenant,
                application,
                pipeline,
                new Trigger(
                    "github-push",
                    "octocat",
                    Map.of(
                        "repository",
                        "acme/orders",
                        "commit",
                        "abc123",
                        "parentWaits",
                        "true",
                        "parentExecutionId",
                        "ex-grandparent")),
                Map.of(),
                List.of(new Artifact("docker/image", "orders", "ghcr.io/acme/orders:v1")));
    return f.executions.update(
        f.executions
            .get(tenant, e.executionId())
            .orElseThrow()
            .withStatus(status, f.clock.instant()));
  }

  @Test
  void succeededUpstream_startsListeningPipeline_withItsArtifactsAndContext() {
    Execution build = ended(ACME, "orders-build", ExecutionStatus.SUCCEEDED);
    f.started.clear();
    chain.notify(Notifier.Event.SUCCEEDED, build, null, null);

    assertThat(f.started).hasSize(1);
    String childId = f.started.get(0).substring("acme/".length());
    Execution child = f.executions.get(ACME, childId).orElseThrow();
    assertThat(child.pipeline()).isEqualTo("orders-deploy");
    assertThat(child.artifacts()).isEqualTo(build.artifacts());
    assertThat(child.trigger().type()).isEqualTo("pipeline");
    assertThat(child.trigger().actor()).isEqualTo("octocat");
    assertThat(child.trigger().details())
        .containsEntry("pipeline", "orders-build")
        .containsEntry("upstreamExecutionId", build.executionId())
        .containsEntry("upstreamStatus", "succeeded")
        .containsEntry("commit", "abc123")
        .doesNotContainKeys("parentWaits", "parentExecutionId");
  }

  @Test
  void endReportedTwice_startsTheChildOnce() {
    Execution build = ended(ACME, "orders-build", ExecutionStatus.SUCCEEDED);
    f.started.clear();
    chain.notify(Notifier.Event.SUCCEEDED, build, null, null);
    chain.notify(Notifier.Event.SUCCEEDED, build, null, null);
    assertThat(f.started).hasSize(1);
    assertThat(chain.started(build)).hasSize(1).allMatch(id -> f.started.get(0).endsWith(id));
    assertThat(f.started).hasSize(1);
  }

  @Test
  void statusesSelectWhichPipelinesStart() {
    Execution build = ended(ACME, "orders-build", ExecutionStatus.FAILED);
    f.started.clear();
    chain.notify(Notifier.Event.FAILED, build, null, null);
    assertThat(f.started).hasSize(1);
    String childId = f.started.get(0).substring("acme/".length());
    assertThat(f.executions.get(ACME, childId).orElseThrow().pipeline())
        .isEqualTo("orders-cleanup");
  }

  @Test
  void nonFinalEvents_startNothing() {
    Execution build = ended(ACME, "orders-build", ExecutionStatus.SUCCEEDED);
    f.started.clear();
    chain.notify(Notifier.Event.STARTED, build, null, null);
    chain.notify(Notifier.Event.STAGE_FAILED, build, "x", "boom");
    assertThat(f.started).isEmpty();
  }

  @Test
  void childThatCannotStart_isSkipped_andNothingIsThrown() {
    f.applyPipeline(
        ACME,
        "apiVersion: gennaker.dev/v1\nkind: Pipeline\nmetadata:\n  name: needs-param\n"
            + "  application: orders\nspec:\n  parameters:\n    - name: target\n"
            + "      type: string\n  triggers:\n    - type: pipeline\n"
            + "      pipeline: orders-build\n  stages:\n    - id: pause\n      type: wait\n"
            + "      with:\n        duration: 1s\n");
    Execution build = ended(ACME, "orders-build", ExecutionStatus.SUCCEEDED);
    f.started.clear();
    assertThatCode(() -> chain.notify(Notifier.Event.SUCCEEDED, build, null, null))
        .doesNotThrowAnyException();
    assertThat(f.started).hasSize(1); // orders-deploy still started
  }

  @Test
  void pipelineThatTriggersItself_stopsAfterMaxDepth() {
    f.applyPipeline(
        ACME,
        pipeline(
            "loop",
            "loop",
            "    - type: pipeline\n      pipeline: loop\n      statuses: [succeeded]\n"));
    Execution e = ended(ACME, "loop", "loop", ExecutionStatus.SUCCEEDED);
    int links = 0;
    while (true) {
      List<String> children = chain.started(e);
      if (children.isEmpty()) {
        break;
      }
      links++;
      e =
          f.executions.update(
              f.executions
                  .get(ACME, children.get(0))
                  .orElseThrow()
                  .withStatus(ExecutionStatus.SUCCEEDED, f.clock.instant()));
      assertThat(links).isLessThanOrEqualTo(ChainedPipelines.MAX_DEPTH);
    }
    assertThat(links).isEqualTo(ChainedPipelines.MAX_DEPTH);
  }

  @Test
  void concurrentStartsOfOneDerivedId_allReturnTheOneExecution() throws Exception {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      IdempotentStart once = new IdempotentStart(f::start);
      List<java.util.concurrent.Callable<String>> calls = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(
            () ->
                once.start(
                        ACME,
                        "orders",
                        "orders-deploy",
                        new Trigger("schedule", "schedule", Map.of()),
                        Map.of(),
                        List.of(),
                        "sched-same-firing")
                    .executionId());
      }
      for (java.util.concurrent.Future<String> r : pool.invokeAll(calls)) {
        assertThat(r.get()).isEqualTo("sched-same-firing");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(f.started).isNotEmpty().allMatch(s -> s.equals("acme/sched-same-firing"));
  }
}
