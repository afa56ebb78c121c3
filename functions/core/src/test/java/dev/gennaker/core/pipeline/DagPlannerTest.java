package dev.gennaker.core.pipeline;

import static dev.gennaker.core.pipeline.StageStatus.CANCELED;
import static dev.gennaker.core.pipeline.StageStatus.FAILED;
import static dev.gennaker.core.pipeline.StageStatus.RUNNING;
import static dev.gennaker.core.pipeline.StageStatus.SKIPPED;
import static dev.gennaker.core.pipeline.StageStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.pipeline.stage.WaitSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class DagPlannerTest {

  private static Stage stage(String id, OnFailure onFailure, String when, String... deps) {
    return new Stage(
        id, "wait", id, List.of(deps), when, null, onFailure, new WaitSpec(Duration.ofSeconds(1)));
  }

  private static Stage stage(String id, String... deps) {
    return stage(id, OnFailure.FAIL, null, deps);
  }

  private static Pipeline pipeline(Stage... stages) {
    return new Pipeline(
        new Pipeline.Metadata("p", "app", null, Map.of()),
        List.of(),
        List.of(),
        List.of(stages),
        List.of());
  }

  private static Plan plan(Pipeline p, Map<String, StageStatus> statuses) {
    return DagPlanner.plan(p, statuses, Set.of(), false, DagPlanner.Conditions.ALWAYS);
  }

  @Test
  void linear_startsOneStageAtATime_andSucceeds() {
    Pipeline p = pipeline(stage("a"), stage("b", "a"), stage("c", "b"));
    assertThat(plan(p, Map.of()).ready()).containsExactly("a");
    assertThat(plan(p, Map.of("a", RUNNING)).ready()).isEmpty();
    assertThat(plan(p, Map.of("a", SUCCEEDED)).ready()).containsExactly("b");
    Plan done = plan(p, Map.of("a", SUCCEEDED, "b", SUCCEEDED, "c", SUCCEEDED));
    assertThat(done.finished()).isTrue();
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void diamond_runsBranchesInParallel_andTheJoinWaitsForBoth() {
    Pipeline p = pipeline(stage("a"), stage("b", "a"), stage("c", "a"), stage("d", "b", "c"));
    assertThat(plan(p, Map.of("a", SUCCEEDED)).ready()).containsExactly("b", "c");
    assertThat(plan(p, Map.of("a", SUCCEEDED, "b", SUCCEEDED, "c", RUNNING)).ready()).isEmpty();
    assertThat(plan(p, Map.of("a", SUCCEEDED, "b", SUCCEEDED, "c", SUCCEEDED)).ready())
        .containsExactly("d");
  }

  @Test
  void fanOut_startsEveryStageWithoutDependenciesAtOnce() {
    Pipeline p = pipeline(stage("a"), stage("b"), stage("c"), stage("d", "a"));
    Plan first = plan(p, Map.of());
    assertThat(first.ready()).containsExactly("a", "b", "c");
    assertThat(first.finished()).isFalse();
    assertThat(first.status()).isEqualTo(ExecutionStatus.RUNNING);
  }

  @Test
  void falseCondition_skipsTheStage_andEverythingDownstreamOfIt() {
    Pipeline p =
        pipeline(
            stage("bake"),
            stage("approve", OnFailure.FAIL, "trigger.branch == 'main'", "bake"),
            stage("prod", "approve"),
            stage("notify", "prod"),
            stage("staging", "bake"));
    DagPlanner.Conditions notMain = s -> false;
    Plan plan = DagPlanner.plan(p, Map.of("bake", SUCCEEDED), Set.of(), false, notMain);
    assertThat(plan.ready()).containsExactly("staging");
    assertThat(plan.skip())
        .containsExactly(
            Map.entry("approve", Plan.SkipReason.CONDITION_FALSE),
            Map.entry("prod", Plan.SkipReason.UPSTREAM_SKIPPED),
            Map.entry("notify", Plan.SkipReason.UPSTREAM_SKIPPED));
    Plan end =
        DagPlanner.plan(
            p,
            Map.of(
                "bake", SUCCEEDED,
                "approve", SKIPPED,
                "prod", SKIPPED,
                "notify", SKIPPED,
                "staging", SUCCEEDED),
            Set.of(),
            false,
            notMain);
    assertThat(end.finished()).isTrue();
    assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void skipPropagation_doesNotDependOnFileOrder() {
    Pipeline p = pipeline(stage("c", "b"), stage("b", "a"), stage("a", OnFailure.FAIL, "false"));
    Plan plan = DagPlanner.plan(p, Map.of(), Set.of(), false, s -> false);
    assertThat(plan.skip()).containsOnlyKeys("a", "b", "c");
    assertThat(plan.finished()).isTrue();
  }

  @Test
  void failure_withFail_startsNothingNew_skipsTheRest_andFailsTheExecution() {
    Pipeline p = pipeline(stage("a"), stage("b"), stage("c", "a"), stage("d", "b"));
    Plan whileBRuns = plan(p, Map.of("a", FAILED, "b", RUNNING));
    assertThat(whileBRuns.ready()).isEmpty();
    assertThat(whileBRuns.skip())
        .containsExactly(
            Map.entry("c", Plan.SkipReason.EXECUTION_FAILED),
            Map.entry("d", Plan.SkipReason.EXECUTION_FAILED));
    assertThat(whileBRuns.finished()).isFalse();
    Plan end = plan(p, Map.of("a", FAILED, "b", SUCCEEDED, "c", SKIPPED, "d", SKIPPED));
    assertThat(end.finished()).isTrue();
    assertThat(end.status()).isEqualTo(ExecutionStatus.FAILED);
  }

  @Test
  void failure_withContinue_letsDownstreamRun_andTheExecutionSucceed() {
    Pipeline p = pipeline(stage("a", OnFailure.CONTINUE, null), stage("b", "a"));
    assertThat(plan(p, Map.of("a", FAILED)).ready()).containsExactly("b");
    Plan end = plan(p, Map.of("a", FAILED, "b", SUCCEEDED));
    assertThat(end.finished()).isTrue();
    assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void failure_withRollback_asksForTheRollback_thenFailsTheExecution() {
    Pipeline p = pipeline(stage("a", OnFailure.ROLLBACK, null), stage("b", "a"));
    Plan first = plan(p, Map.of("a", FAILED));
    assertThat(first.rollback()).containsExactly("a");
    assertThat(first.skip()).containsOnlyKeys("b");
    assertThat(first.finished()).isFalse();
    Plan after =
        DagPlanner.plan(
            p, Map.of("a", FAILED, "b", SKIPPED), Set.of("a"), false, DagPlanner.Conditions.ALWAYS);
    assertThat(after.rollback()).isEmpty();
    assertThat(after.finished()).isTrue();
    assertThat(after.status()).isEqualTo(ExecutionStatus.FAILED);
  }

  @Test
  void cancel_cancelsWhatHasNotStarted_andFinishesCanceledOnceNothingRuns() {
    Pipeline p = pipeline(stage("a"), stage("b", "a"), stage("c"));
    Plan plan =
        DagPlanner.plan(
            p, Map.of("a", RUNNING, "c", SUCCEEDED), Set.of(), true, DagPlanner.Conditions.ALWAYS);
    assertThat(plan.ready()).isEmpty();
    assertThat(plan.cancel()).containsExactly("b");
    assertThat(plan.finished()).isFalse();
    Plan end =
        DagPlanner.plan(
            p,
            Map.of("a", CANCELED, "b", CANCELED, "c", SUCCEEDED),
            Set.of(),
            true,
            DagPlanner.Conditions.ALWAYS);
    assertThat(end.finished()).isTrue();
    assertThat(end.status()).isEqualTo(ExecutionStatus.CANCELED);
  }

  @Test
  void conditionThatCannotBeEvaluated_failsTheStageWithTheReason() {
    Pipeline p = pipeline(stage("a", OnFailure.FAIL, "boom"));
    Plan plan =
        DagPlanner.plan(
            p,
            Map.of(),
            Set.of(),
            false,
            s -> {
              throw new dev.gennaker.core.pipeline.expr.EvaluationException("no such key: x");
            });
    assertThat(plan.ready()).isEmpty();
    assertThat(plan.fail())
        .containsEntry("a", "the condition of stage \"a\" failed: no such key: x");
    assertThat(plan.finished()).isFalse();
  }

  @Test
  void planner_isPure_theSameInputGivesTheSameAnswer() {
    Pipeline p = pipeline(stage("a"), stage("b", "a"), stage("c", "a"));
    Map<String, StageStatus> statuses = Map.of("a", SUCCEEDED);
    assertThat(plan(p, statuses)).isEqualTo(plan(p, statuses));
  }

  /**
   * Random DAGs run to their end with random outcomes: every stage ends exactly once, and no stage
   * starts before every stage it depends on has ended.
   */
  @RepeatedTest(200)
  void randomDags_everyStageEndsExactlyOnce_andNeverStartsBeforeItsDependencies() {
    Random random = new Random();
    long seed = random.nextLong();
    random.setSeed(seed);
    int n = 1 + random.nextInt(25);
    List<Stage> stages = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> deps = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        if (random.nextInt(4) == 0) {
          deps.add("s" + j);
        }
      }
      OnFailure policy = OnFailure.values()[random.nextInt(OnFailure.values().length)];
      String when = random.nextInt(5) == 0 ? "cond" : null;
      stages.add(stage("s" + i, policy, when, deps.toArray(String[]::new)));
    }
    java.util.Collections.shuffle(stages, random); // file order need not be topological
    Pipeline p = pipeline(stages.toArray(Stage[]::new));
    Map<String, Boolean> conditions = new HashMap<>();
    DagPlanner.Conditions cond = s -> conditions.computeIfAbsent(s.id(), k -> random.nextBoolean());
    boolean cancelAt = random.nextInt(6) == 0;

    Map<String, StageStatus> statuses = new HashMap<>();
    Set<String> rolledBack = new HashSet<>();
    Map<String, Integer> ends = new HashMap<>();
    boolean canceled = false;
    for (int step = 0; step < 10_000; step++) {
      Plan plan = DagPlanner.plan(p, statuses, rolledBack, canceled, cond);
      // A plan's skips and cancellations are recorded before the execution may finish.
      plan.skip().keySet().forEach(id -> end(statuses, ends, id, SKIPPED));
      plan.cancel().forEach(id -> end(statuses, ends, id, CANCELED));
      plan.fail().keySet().forEach(id -> end(statuses, ends, id, FAILED));
      if (plan.finished()) {
        assertThat(ends.keySet()).as("seed %d", seed).hasSize(n);
        assertThat(ends.values()).as("seed %d", seed).allMatch(c -> c == 1);
        assertThat(plan.status().isTerminal()).isTrue();
        return;
      }
      for (String id : plan.ready()) {
        Stage s = p.stage(id).orElseThrow();
        for (String dep : s.dependsOn()) {
          assertThat(statuses.get(dep)).as("seed %d: %s before %s", seed, id, dep).isNotNull();
          assertThat(statuses.get(dep).isTerminal()).as("seed %d", seed).isTrue();
        }
        assertThat(statuses.get(id)).as("seed %d: %s started twice", seed, id).isNull();
        statuses.put(id, RUNNING);
      }
      rolledBack.addAll(plan.rollback());
      // Finish some running stages at random.
      for (Stage s : p.stages()) {
        if (statuses.get(s.id()) == RUNNING && random.nextBoolean()) {
          end(statuses, ends, s.id(), random.nextInt(4) == 0 ? FAILED : SUCCEEDED);
        }
      }
      if (cancelAt && random.nextInt(5) == 0) {
        canceled = true;
        for (Stage s : p.stages()) {
          if (statuses.get(s.id()) == RUNNING) {
            end(statuses, ends, s.id(), CANCELED);
          }
        }
      }
    }
    throw new AssertionError("seed " + seed + ": the execution never finished");
  }

  private static void end(
      Map<String, StageStatus> statuses, Map<String, Integer> ends, String id, StageStatus s) {
    statuses.put(id, s);
    ends.merge(id, 1, Integer::sum);
  }
}
