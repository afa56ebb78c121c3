package dev.gennaker.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.pipeline.expr.ExpressionContext;
import dev.gennaker.core.pipeline.expr.ExpressionEngine;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TriggerContextTest {
  private static final GitHubEvent PR =
      new GitHubEvent(
          "pull_request",
          "acme/orders",
          "feature/canary",
          "main",
          "",
          "abc123",
          "def456",
          "https://github.com/acme/orders/pull/42",
          "Canary",
          "octocat",
          "",
          "octocat",
          Optional.empty(),
          42,
          "main");

  @Test
  void expressionsSeeTypedChangedPathsAndPullRequestNumber() {
    var trigger = TriggerContext.github(PR, List.of("deploy/k8s/app.yaml", "src/Main.java"));
    ExpressionContext context =
        new ExpressionContext(
            TriggerContext.expressionFields(trigger), Map.of(), Map.of(), Map.of(), Map.of());
    ExpressionEngine engine = ExpressionEngine.forParameters(List.of());
    assertThat(engine.evaluateCondition("trigger.pullRequest == 42", context)).isTrue();
    assertThat(
            engine.evaluateCondition(
                "trigger.changedPaths.exists(p, p.startsWith('deploy/'))", context))
        .isTrue();
    assertThat(engine.evaluateCondition("trigger.type == 'github-pull-request'", context)).isTrue();
    assertThat(engine.evaluateCondition("trigger.user == 'octocat'", context)).isTrue();
  }

  @Test
  void longChangeLists_areCut_andSaySo() {
    List<String> many =
        java.util.stream.IntStream.range(0, 2000).mapToObj(i -> "src/file-" + i + ".java").toList();
    var details = TriggerContext.github(PR, many).details();
    assertThat(details.get("changedPaths").length())
        .isLessThanOrEqualTo(TriggerContext.MAX_PATHS_CHARS);
    assertThat(details).containsEntry("changedPathsTruncated", "true");
  }
}
