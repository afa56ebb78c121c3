package dev.gennaker.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.manifest.ImageReference;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.pipeline.Trigger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TriggerMatcherTest {

  static GitHubEvent push(String repo, String branch, List<String> paths) {
    return new GitHubEvent(
        "push",
        repo,
        branch,
        branch,
        "",
        "c0ffee",
        "",
        "",
        "msg",
        "octo",
        "o@x",
        "octo",
        Optional.of(paths),
        0,
        "main");
  }

  static GitHubEvent tag(String repo, String tag) {
    return new GitHubEvent(
        "tag",
        repo,
        "",
        "",
        tag,
        "c0ffee",
        "",
        "",
        "",
        "octo",
        "",
        "octo",
        Optional.of(List.of()),
        0,
        "main");
  }

  static Trigger.GitHub gh(
      String repo,
      List<String> events,
      List<String> branches,
      List<String> tags,
      List<String> paths) {
    return new Trigger.GitHub(repo, events, branches, tags, paths);
  }

  static Supplier<List<String>> none() {
    return () -> {
      throw new AssertionError("changed paths must not be asked for");
    };
  }

  @Test
  void push_matches_byRepositoryCaseInsensitively_andBranchGlob() {
    var t = gh("acme/orders", List.of("push"), List.of("main", "release/*"), List.of(), List.of());
    assertThat(TriggerMatcher.matches(t, push("Acme/Orders", "release/1.2", List.of()), none()))
        .isTrue();
    assertThat(TriggerMatcher.matches(t, push("acme/orders", "release/1/2", List.of()), none()))
        .isFalse();
    assertThat(TriggerMatcher.matches(t, push("acme/orders", "feature/x", List.of()), none()))
        .isFalse();
    assertThat(TriggerMatcher.matches(t, push("acme/billing", "main", List.of()), none()))
        .isFalse();
  }

  @Test
  void push_doesNotMatch_aTriggerListeningOnlyForTags() {
    var t = gh("acme/orders", List.of("tag"), List.of(), List.of("v*"), List.of());
    assertThat(TriggerMatcher.matches(t, push("acme/orders", "main", List.of()), none())).isFalse();
    assertThat(TriggerMatcher.matches(t, tag("acme/orders", "v1.0.0"), none())).isTrue();
    assertThat(TriggerMatcher.matches(t, tag("acme/orders", "nightly"), none())).isFalse();
  }

  @Test
  void paths_match_whenAnyChangedPathMatchesAnyGlob_andAreReadOnlyWhenFiltered() {
    var t =
        gh("acme/orders", List.of("push"), List.of(), List.of(), List.of("deploy/**", "src/**"));
    AtomicInteger asked = new AtomicInteger();
    Supplier<List<String>> paths =
        () -> {
          asked.incrementAndGet();
          return List.of("README.md", "deploy/k8s/app.yaml");
        };
    assertThat(TriggerMatcher.matches(t, push("acme/orders", "main", List.of()), paths)).isTrue();
    assertThat(asked).hasValue(1);
    assertThat(
            TriggerMatcher.matches(
                t, push("acme/orders", "main", List.of()), () -> List.of("README.md", "docs/a.md")))
        .isFalse();
    var unfiltered = gh("acme/orders", List.of("push"), List.of(), List.of(), List.of());
    assertThat(TriggerMatcher.matches(unfiltered, push("acme/orders", "main", List.of()), none()))
        .isTrue();
  }

  @Test
  void tags_ignorePathFilters() {
    var t = gh("acme/orders", List.of("tag"), List.of(), List.of(), List.of("deploy/**"));
    assertThat(TriggerMatcher.matches(t, tag("acme/orders", "v2"), none())).isTrue();
  }

  @Test
  void image_matches_normalisedRepository_andTagGlob() {
    var t = new Trigger.Image("ghcr.io/acme/orders", List.of("v*"));
    assertThat(TriggerMatcher.matches(t, ImageReference.parse("ghcr.io/acme/orders:v1.4.0")))
        .isTrue();
    assertThat(TriggerMatcher.matches(t, ImageReference.parse("ghcr.io/acme/orders:latest")))
        .isFalse();
    assertThat(TriggerMatcher.matches(t, ImageReference.parse("ghcr.io/acme/billing:v1")))
        .isFalse();
    var hub = new Trigger.Image("acme/orders", List.of());
    assertThat(TriggerMatcher.matches(hub, ImageReference.parse("docker.io/acme/orders:any")))
        .isTrue();
    assertThat(TriggerMatcher.matches(hub, ImageReference.parse("index.docker.io/acme/orders")))
        .isTrue();
  }

  @Test
  void pipelineEnded_matchesListedStatusesOnly() {
    var t = new Trigger.PipelineEnded("orders-build", List.of("succeeded", "failed"));
    assertThat(TriggerMatcher.matches(t, "orders-build", ExecutionStatus.SUCCEEDED)).isTrue();
    assertThat(TriggerMatcher.matches(t, "orders-build", ExecutionStatus.FAILED)).isTrue();
    assertThat(TriggerMatcher.matches(t, "orders-build", ExecutionStatus.CANCELED)).isFalse();
    assertThat(TriggerMatcher.matches(t, "orders-build", ExecutionStatus.RUNNING)).isFalse();
    assertThat(TriggerMatcher.matches(t, "other", ExecutionStatus.SUCCEEDED)).isFalse();
  }

  @Test
  void executionIds_areDeterministic_andSafeKeyParts() {
    String a = ExecutionIds.derive("gh", "acme", "delivery-1", "orders", "release");
    assertThat(a).isEqualTo(ExecutionIds.derive("gh", "acme", "delivery-1", "orders", "release"));
    assertThat(a)
        .isNotEqualTo(ExecutionIds.derive("gh", "acme", "delivery-1", "ordersr", "elease"));
    assertThat(a).matches("gh-[0-9a-f]{32}");
  }
}
