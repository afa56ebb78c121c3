package dev.gennaker.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.cluster.Agent;
import dev.gennaker.core.cluster.Cluster;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.pipeline.StageStatus;
import dev.gennaker.core.runner.DecideApproval;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.tenant.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reference example of docs/pipelines.md, run as written, to its end. */
class ExamplePipelinesRunTest {
  private static final Path REPO = Path.of(System.getProperty("gennaker.repo", "../.."));
  private final RunnerHarness h = new RunnerHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void ordersRelease_bakesDeploysStaging_waitsForApproval_andShipsProductionByCanary()
      throws Exception {
    for (String cluster : java.util.List.of("stg-west", "prod-west")) {
      h.clusters.createCluster(
          new Cluster(RunnerHarness.TENANT, cluster, cluster, h.clock.instant(), 0));
      h.clusters.createAgent(
          new Agent(
              RunnerHarness.TENANT,
              "agent-" + cluster,
              cluster,
              Set.of("orders"),
              "0".repeat(64),
              Optional.empty(),
              Optional.empty(),
              h.clock.instant(),
              0));
      h.agentChannel.open(RunnerHarness.TENANT, "agent-" + cluster);
    }
    h.extraAgents.addAll(java.util.List.of("agent-stg-west", "agent-prod-west"));
    h.sources.put(
        RunnerHarness.TENANT,
        "acme/orders",
        "4f2c9e1",
        "deploy/k8s/deployment.yaml",
        Files.readString(
            Path.of("../../functions/core/src/test/resources/manifests/orders/app.yaml")));
    h.apply(Files.readString(REPO.resolve("examples/pipelines/orders-release.yml")));
    Execution e =
        h.start(
            "orders-release",
            "dev-ana",
            Map.of("repository", "acme/orders", "branch", "main", "commit", "4f2c9e1"));
    RunnerHarness.awaitTrue(
        () ->
            !h.approvals
                .listPending(RunnerHarness.TENANT, new PageRequest(10, Optional.empty()))
                .items()
                .isEmpty(),
        Duration.ofSeconds(20),
        () -> "the approval; execution is " + h.describe(e));
    Approval approval =
        h.approvals
            .listPending(RunnerHarness.TENANT, new PageRequest(10, Optional.empty()))
            .items()
            .get(0);
    assertThat(h.notifications).contains("AWAITING_APPROVAL approve");
    new DecideApproval(h.services)
        .decide(
            RunnerHarness.TENANT,
            e.executionId(),
            approval.approvalId(),
            new DecideApproval.Decider("lead-bo", Set.of(Role.DEPLOYER), "slack"),
            true,
            "ship it");
    h.await(e, ExecutionStatus.SUCCEEDED);
    assertThat(h.stages(e).values()).allMatch(s -> s == StageStatus.SUCCEEDED);
    var commands = h.commandsSeen.stream().map(c -> c.command()).toList();
    assertThat(commands)
        .extracting(c -> c.agentId() + ":" + c.type())
        .containsExactly("agent-stg-west:apply", "agent-prod-west:apply");
    assertThat(commands.get(1).parameters().get("strategy"))
        .contains("canary")
        .contains("setWeight");
    assertThat(commands.get(0).manifests().orElseThrow().key())
        .isEqualTo("executions/" + e.executionId() + "/bake/manifests.yaml");
    assertThat(commands.get(1).parameters().get("strategy"))
        .isEqualTo(
            "{\"type\":\"canary\",\"steps\":[{\"setWeight\":25},{\"pauseSeconds\":300},{\"setWeight\":100}]}");
    assertThat(commands.get(0).parameters())
        .containsEntry("tracking.execution", e.executionId())
        .containsEntry("tracking.stage", "staging");
  }
}
