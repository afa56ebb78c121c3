package dev.gennaker.slack;

import static dev.gennaker.slack.SlackFixture.TENANT;
import static dev.gennaker.slack.SlackFixture.assertGolden;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.execution.Trigger;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.pipeline.StageStatus;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.runner.PipelineSource;
import dev.gennaker.core.slack.PromotionDiff;
import dev.gennaker.core.store.InMemoryPipelineStore;
import dev.gennaker.core.store.PipelineVersion;
import dev.gennaker.core.tenant.Role;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The approval message says what it promotes against what runs now on the target: the last
 * successful deploy to the same cluster and namespace (golden Block Kit), or "first deploy".
 */
class SlackPromotionDiffTest {
  private static final String YAML =
      """
      apiVersion: gennaker.dev/v1
      kind: Pipeline
      metadata:
        name: deploy-prod
        application: billing
      spec:
        stages:
          - id: bake
            type: bakeManifests
            with:
              source: deploy/
              namespace: shop
          - id: prod-approval
            type: approval
            dependsOn: [bake]
            with:
              message: Promote billing to production?
          - id: deploy-prod
            type: deploy
            dependsOn: [prod-approval]
            with:
              cluster: prod-eu
              namespace: shop
              manifests: "${stages.bake.outputs.manifests}"
      """;

  private final SlackFixture f = new SlackFixture();
  private final InMemoryPipelineStore store = new InMemoryPipelineStore(f.tokens);
  private final PipelineSource pipelines = new PipelineSource(store);
  private SlackNotifier notifier;

  @BeforeEach
  void setUp() {
    store.apply(
        new PipelineVersion(
            TENANT,
            "billing",
            "deploy-prod",
            1,
            YAML,
            "9f1c2ab",
            "dev@acme.example",
            f.clock.instant()));
    notifier =
        new SlackNotifier(
            f.connections,
            f.messages,
            f.secrets,
            f.executions,
            f.approvals,
            pipelines,
            f.api,
            "https://app.gennaker.dev/acme",
            Runnable::run,
            f.clock);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private void baked(String executionId, String images, String configs) {
    StageRecord bake =
        f.executions.createStage(
            StageRecord.notStarted(TENANT, executionId, "bake", "bakeManifests")
                .started(f.clock.instant()));
    f.executions.updateStage(
        bake.finished(
            StageStatus.SUCCEEDED,
            Map.of(
                "manifests",
                "blob:executions/" + executionId + "/bake/manifests.yaml",
                "images",
                images,
                "configVersions",
                configs,
                "objects",
                "4"),
            Optional.empty(),
            f.clock.instant()));
  }

  private void deployed(String executionId) {
    StageRecord deploy =
        f.executions.createStage(
            StageRecord.notStarted(TENANT, executionId, "deploy-prod", "deploy")
                .started(f.clock.instant()));
    f.executions.updateStage(
        deploy.finished(StageStatus.SUCCEEDED, Map.of(), Optional.empty(), f.clock.instant()));
  }

  private Execution execution(String id) {
    return f.executions.create(
        Execution.queued(
                TENANT,
                id,
                "billing",
                "deploy-prod",
                1,
                new Trigger("github-push", "dev@acme.example", Map.of("commit", "9f1c2ab")),
                Map.of(),
                List.of(),
                f.clock.instant())
            .withStatus(ExecutionStatus.RUNNING, f.clock.instant()));
  }

  private void awaitApproval(Execution e) {
    Approval a =
        Approval.pending(
            TENANT,
            e.executionId(),
            "prod-approval-1",
            "prod-approval",
            Set.of(Role.DEPLOYER),
            "dev@acme.example",
            f.clock.instant(),
            Optional.empty());
    f.approvals.create(a, "token-" + e.executionId());
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(Notifier.Facts.APPROVAL_ID, "prod-approval-1");
    facts.put(Notifier.Facts.ALLOWED_ROLES, "deployer");
    facts.put(Notifier.Facts.REQUESTED_FOR, "dev@acme.example");
    notifier.notify(
        Notifier.Event.AWAITING_APPROVAL,
        e,
        "prod-approval",
        "Promote billing to production?",
        facts);
  }

  private String approvalBlocks() {
    return f.slack.calls("chat.postMessage").stream()
        .filter(c -> c.param("text").startsWith("Approval needed"))
        .reduce((a, b) -> b)
        .orElseThrow()
        .param("blocks");
  }

  @Test
  void theApprovalMessage_comparesWithTheLastSuccessfulDeployOfTheTarget() {
    execution("ex-old");
    baked(
        "ex-old",
        "Deployment/api/api=ghcr.io/demo/api:1.4.2,Deployment/worker/worker=ghcr.io/demo/worker:2.0.1",
        "api-config-v003,feature-flags-v007");
    deployed("ex-old");
    f.clock.advance(Duration.ofHours(1));
    Execution e = execution("ex-new");
    baked(
        "ex-new",
        "Deployment/api/api=ghcr.io/demo/api:1.5.0,Deployment/worker/worker=ghcr.io/demo/worker:2.0.1",
        "api-config-v004,feature-flags-v007");

    awaitApproval(e);

    assertGolden("approval-pending-diff.json", approvalBlocks());
  }

  @Test
  void aFailedDeploy_isNotWhatRunsNow_andNothingBeforeMeansFirstDeploy() {
    execution("ex-failed");
    baked("ex-failed", "Deployment/api/api=ghcr.io/demo/api:1.4.9", "api-config-v002");
    StageRecord deploy =
        f.executions.createStage(
            StageRecord.notStarted(TENANT, "ex-failed", "deploy-prod", "deploy")
                .started(f.clock.instant()));
    f.executions.updateStage(
        deploy.finished(
            StageStatus.FAILED,
            Map.of(),
            Optional.of("ProgressDeadlineExceeded"),
            f.clock.instant()));
    Execution e = execution("ex-first");
    baked("ex-first", "Deployment/api/api=ghcr.io/demo/api:1.5.0", "api-config-v003");

    awaitApproval(e);

    assertThat(approvalBlocks())
        .contains("What changes on `prod-eu/shop`")
        .contains("first deploy to prod-eu/shop")
        .doesNotContain("1.4.9");
  }

  @Test
  void beforeTheBake_theTriggersImagesAreCompared() {
    PromotionDiff.Summary s =
        new PromotionDiff(f.executions, pipelines)
            .of(
                f.executions.create(
                    Execution.queued(
                            TENANT,
                            "ex-artifacts",
                            "billing",
                            "deploy-prod",
                            1,
                            new Trigger("registry-push", "ci", Map.of()),
                            Map.of(),
                            List.of(
                                new dev.gennaker.core.execution.Artifact(
                                    "docker/image", "ghcr.io/demo/api", "ghcr.io/demo/api:1.6.0")),
                            f.clock.instant())
                        .withStatus(ExecutionStatus.RUNNING, f.clock.instant())),
                "prod-approval")
            .orElseThrow();
    assertThat(s.lines()).containsExactly("first deploy to prod-eu/shop");

    execution("ex-running");
    baked("ex-running", "Deployment/api/api=ghcr.io/demo/api:1.5.0", "api-config-v003");
    deployed("ex-running");
    PromotionDiff.Summary again =
        new PromotionDiff(f.executions, pipelines)
            .of(f.executions.get(TENANT, "ex-artifacts").orElseThrow(), "prod-approval")
            .orElseThrow();
    assertThat(again.lines()).containsExactly("api: ghcr.io/demo/api 1.5.0 → 1.6.0");
    assertThat(again.since()).contains("ex-running");
  }
}
