package dev.gennaker.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.pipeline.StageStatus;
import dev.gennaker.core.runner.StageOutcome;
import dev.gennaker.core.store.PageRequest;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code pipeline} stage: a child execution, waited for or not. */
class ChildPipelineTest {
  private final RunnerHarness h = new RunnerHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private static final String CHILD =
      """
      apiVersion: gennaker.dev/v1
      kind: Pipeline
      metadata: {name: orders-prod, application: orders}
      spec:
        parameters:
          - {name: tag, type: string}
        stages:
          - id: prod
            type: deploy
            with: {cluster: production, namespace: orders, manifests: "m-${parameters.tag}"}
      """;

  private static String parent(boolean wait) {
    return """
        apiVersion: gennaker.dev/v1
        kind: Pipeline
        metadata: {name: orders-release, application: orders}
        spec:
          stages:
            - id: promote
              type: pipeline
              with:
                pipeline: orders-prod
                parameters: {tag: "${trigger.commit}"}
                wait: WAIT
            - id: after
              type: checkPreconditions
              dependsOn: [promote]
              with: {expressions: [{expression: "stages.promote.outputs.executionId != ''"}]}
        """
        .replace("WAIT", String.valueOf(wait));
  }

  private Execution child(Execution parent) {
    String id = h.stage(parent, "promote").outputs().get("executionId");
    return h.executions.get(RunnerHarness.TENANT, id).orElseThrow();
  }

  @Test
  void waitingParent_endsWithItsChild_andPassesParameters() {
    h.apply(CHILD);
    h.apply(parent(true));
    Execution parent = h.start("orders-release", "dev-ana", Map.of("commit", "abc123"));
    h.await(parent, ExecutionStatus.SUCCEEDED);
    Execution child = child(parent);
    assertThat(child.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(child.parameters()).containsEntry("tag", "abc123");
    assertThat(child.trigger().details()).containsEntry("parentExecutionId", parent.executionId());
    assertThat(h.commandsSeen.get(0).command().parameters()).containsEntry("manifests", "m-abc123");
    assertThat(h.stage(parent, "promote").outputs()).containsEntry("status", "succeeded");
  }

  @Test
  void childFailure_failsTheWaitingParentStage() {
    h.apply(CHILD);
    h.apply(parent(true));
    h.agentScript.put("prod", c -> new StageOutcome.Failed("Deployment/orders: ImagePullBackOff"));
    Execution parent = h.start("orders-release", "dev-ana", Map.of("commit", "abc123"));
    h.await(parent, ExecutionStatus.FAILED);
    assertThat(h.stage(parent, "promote").error().orElseThrow())
        .startsWith("child pipeline orders-prod (")
        .endsWith(") ended failed");
    assertThat(h.stages(parent)).containsEntry("after", StageStatus.SKIPPED);
  }

  @Test
  void nonWaitingParent_goesOnAsSoonAsTheChildStarted() {
    h.apply(CHILD);
    h.apply(parent(false));
    Execution parent = h.start("orders-release", "dev-ana", Map.of("commit", "abc123"));
    h.await(parent, ExecutionStatus.SUCCEEDED);
    assertThat(h.stage(parent, "promote").outputs()).containsEntry("status", "started");
    h.await(child(parent), ExecutionStatus.SUCCEEDED);
  }

  @Test
  void unknownChild_failsTheStage_sayingSo() {
    h.apply(parent(true));
    Execution parent = h.start("orders-release", "dev-ana", Map.of("commit", "abc123"));
    h.await(parent, ExecutionStatus.FAILED);
    assertThat(h.stage(parent, "promote").error().orElseThrow())
        .isEqualTo("pipeline \"orders-prod\" does not exist in this tenant");
    assertThat(
            h.executions.list(RunnerHarness.TENANT, new PageRequest(10, Optional.empty())).items())
        .hasSize(1);
  }
}
