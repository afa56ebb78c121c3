package dev.gennaker.core.pipeline.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.pipeline.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionEngineTest {
  private final ExpressionEngine engine =
      ExpressionEngine.forParameters(
          List.of(
              new Parameter("replicas", Parameter.Type.NUMBER, 3.0, null),
              new Parameter("region", Parameter.Type.STRING, "eu", null),
              new Parameter("dryRun", Parameter.Type.BOOLEAN, false, null)));

  private final ExpressionContext context =
      new ExpressionContext(
          Map.of("branch", "main", "commit", "abc123", "changedPaths", List.of("src/a.java")),
          Map.of("replicas", 3, "region", "eu", "dryRun", false),
          Map.of(
              "bake",
              new ExpressionContext.StageView(
                  "succeeded", Map.of("manifests", "blob://m/1", "count", 4))),
          Map.of("id", "ex-1"),
          Map.of("id", "acme", "name", "Acme"));

  @Test
  void conditions_evaluateAgainstTheExecution() {
    assertThat(engine.evaluateCondition("trigger.branch == 'main'", context)).isTrue();
    assertThat(engine.evaluateCondition("parameters.replicas > 2", context)).isTrue();
    assertThat(engine.evaluateCondition("!parameters.dryRun", context)).isTrue();
    assertThat(engine.evaluateCondition("stages.bake.status == 'succeeded'", context)).isTrue();
    assertThat(engine.evaluateCondition("trigger.tag == ''", context)).isTrue();
    assertThat(
            engine.evaluateCondition(
                "trigger.changedPaths.exists(p, p.startsWith('src/'))", context))
        .isTrue();
  }

  @Test
  void templates_interpolateTextAndKeepTypesOfWholeExpressions() {
    assertThat(engine.interpolate("${stages.bake.outputs.manifests}", context))
        .isEqualTo("blob://m/1");
    assertThat(engine.interpolate("${parameters.replicas}", context)).isEqualTo(3.0);
    assertThat(engine.interpolate("commit ${trigger.commit} in ${tenant.name}", context))
        .isEqualTo("commit abc123 in Acme");
    assertThat(engine.interpolate("$${literal}", context)).isEqualTo("${literal}");
    assertThat(engine.interpolate("${ {'a': 1}['a'] }", context)).isEqualTo(1L);
  }

  @Test
  void check_findsStageReferencesAndTheirOutputs() {
    var checked = engine.check("stages.bake.outputs.manifests + stages['smoke-test'].status");
    assertThat(checked.ok()).isTrue();
    assertThat(checked.stageReferences())
        .extracting(ExpressionEngine.StageReference::stage, ExpressionEngine.StageReference::output)
        .contains(
            org.assertj.core.groups.Tuple.tuple("bake", null),
            org.assertj.core.groups.Tuple.tuple("bake", "manifests"),
            org.assertj.core.groups.Tuple.tuple("smoke-test", null));
  }

  @Test
  void check_explainsProblemsInUsersTerms() {
    assertThat(engine.check("trigger.brnch == 'x'").problems().get(0).message())
        .isEqualTo("unknown field \"brnch\" (did you mean \"branch\"?)");
    assertThat(engine.check("paramters.region").problems().get(0).message())
        .startsWith("unknown variable \"paramters\"")
        .endsWith("(did you mean \"parameters\"?)");
    assertThat(engine.check("trigger.branch == 1").problems().get(0).message())
        .isEqualTo("found no matching overload for '==' applied to '(string, int)'");
    assertThat(engine.check("trigger.branch").resultType()).isEqualTo("string");
  }

  @Test
  void evaluation_isBounded() {
    String huge = "1" + " + 1".repeat(ExpressionEngine.MAX_EXPRESSION_LENGTH);
    assertThat(engine.check(huge).ok()).isFalse();
    assertThatThrownBy(
            () ->
                engine.evaluate(
                    "[1,2,3,4,5,6,7,8,9,10].map(a, [1,2,3,4,5,6,7,8,9,10].map(b,"
                        + " [1,2,3,4,5,6,7,8,9,10].map(c, [1,2,3,4,5,6,7,8,9,10].map(d,"
                        + " [1,2,3,4,5,6,7,8,9,10].map(e, a)))))",
                    context))
        .isInstanceOf(EvaluationException.class);
  }

  @Test
  void runtimeErrors_areEvaluationExceptions() {
    assertThatThrownBy(() -> engine.evaluate("stages.nope.status == 'x'", context))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("failed");
  }

  @Test
  void checkAll_givesTheSameAnswersAsCheckingOneByOne() {
    List<String> sources = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      sources.add("stages.bake.outputs.manifests + '" + i + "'");
      sources.add("parameters.replicas > " + i);
      sources.add("stages['smoke-test'].status == 'succeeded' && trigger.branch == 'b" + i + "'");
    }
    sources.add("trigger.brnch == 'x'"); // one problem sends its batch down the precise path
    sources.add("stages.bake.outputs.manifests + '0'"); // a duplicate
    List<ExpressionEngine.Checked> all = engine.checkAll(sources);
    ExpressionEngine fresh =
        ExpressionEngine.forParameters(
            List.of(new Parameter("replicas", Parameter.Type.NUMBER, 3.0, null)));
    for (int i = 0; i < sources.size(); i++) {
      ExpressionEngine.Checked one = fresh.check(sources.get(i));
      assertThat(all.get(i).resultType()).as(sources.get(i)).isEqualTo(one.resultType());
      assertThat(all.get(i).problems()).as(sources.get(i)).isEqualTo(one.problems());
      assertThat(all.get(i).stageReferences()).as(sources.get(i)).isEqualTo(one.stageReferences());
    }
  }
}
