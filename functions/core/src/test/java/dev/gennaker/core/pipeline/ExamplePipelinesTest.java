package dev.gennaker.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.pipeline.stage.ApprovalSpec;
import dev.gennaker.core.pipeline.stage.DeploySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExamplePipelinesTest {
  private final PipelineReader reader = new PipelineReader();

  static Stream<Path> examples() {
    return RepoFiles.examplePipelines().stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void example_validates(Path file) {
    ValidationResult result = reader.read(RepoFiles.read(file));
    assertThat(result.format(file.getFileName().toString())).isEmpty();
    assertThat(result.valid()).isTrue();
  }

  @Test
  void referenceExample_bindsEveryFieldOfTheContract() {
    Pipeline p =
        reader
            .read(RepoFiles.read(RepoFiles.root().resolve("examples/pipelines/orders-release.yml")))
            .get();
    assertThat(p.name()).isEqualTo("orders-release");
    assertThat(p.metadata().application()).isEqualTo("orders");
    assertThat(p.parameters())
        .containsExactly(new Parameter("imageTag", Parameter.Type.STRING, "latest", null));
    assertThat(p.triggers())
        .containsExactly(
            new Trigger.GitHub(
                "acme/orders",
                List.of("push"),
                List.of("main", "release/*"),
                List.of(),
                List.of("deploy/**", "src/**")),
            new Trigger.Image("ghcr.io/acme/orders", List.of("v*")),
            new Trigger.Schedule("0 6 * * 1-5", "Europe/Berlin"),
            new Trigger.PipelineEnded("orders-build", List.of("succeeded")));
    assertThat(p.stages())
        .extracting(Stage::id)
        .containsExactly("bake", "staging", "approve", "prod");
    Stage staging = p.stage("staging").orElseThrow();
    assertThat(staging.timeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(staging.spec())
        .isEqualTo(
            new DeploySpec(
                "stg-west",
                "orders",
                "${stages.bake.outputs.manifests}",
                new DeploySpec.Rolling(),
                false));
    Stage approve = p.stage("approve").orElseThrow();
    assertThat(approve.when()).isEqualTo("trigger.branch == 'main'");
    assertThat(approve.spec())
        .isEqualTo(
            new ApprovalSpec(
                "Promote ${trigger.commit} to production?",
                "#deploys",
                List.of("release-managers"),
                false,
                Duration.ofHours(24),
                Duration.ofHours(2)));
    Stage prod = p.stage("prod").orElseThrow();
    assertThat(prod.onFailure()).isEqualTo(OnFailure.ROLLBACK);
    assertThat(((DeploySpec) prod.spec()).strategy())
        .isEqualTo(
            new DeploySpec.Canary(
                List.of(
                    new DeploySpec.CanaryStep(25, null),
                    new DeploySpec.CanaryStep(null, Duration.ofMinutes(5)),
                    new DeploySpec.CanaryStep(100, null))));
    assertThat(p.notifications())
        .containsExactly(
            new Notification(
                "#deploys",
                List.of(
                    Notification.Event.STARTED,
                    Notification.Event.AWAITING_APPROVAL,
                    Notification.Event.SUCCEEDED,
                    Notification.Event.FAILED)));
  }

  @Test
  void unknownCluster_isAnError_onceTheTenantsClustersAreKnown() {
    var tenantReader =
        new PipelineReader(java.util.Optional.of(java.util.Set.of("stg-west", "prod-east")));
    ValidationResult result =
        tenantReader.read(
            RepoFiles.read(RepoFiles.root().resolve("examples/pipelines/orders-release.yml")));
    assertThat(result.format("p.yml"))
        .containsExactly(
            "p.yml:59:18: error: unknown cluster \"prod-west\" (did you mean \"prod-east\"?);"
                + " pipelines name clusters by their id [at spec.stages[3].with.cluster]");
  }
}
