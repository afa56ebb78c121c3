package dev.gennaker.stages;

import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.pipeline.ExecutionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How fast the runner completes executions on the local engine: a 5-stage pipeline (three inline
 * stages and two agent deploys answered at once by the scripted agent), many executions in flight.
 * Prints executions per second, the orchestration time per stage and the state transitions per
 * stage. Not a unit test; run it with:
 *
 * <pre>
 * ./mvnw -q -o test-compile -pl functions/stages -am
 * java -cp "$(cat functions/stages/target/bench.classpath)" dev.gennaker.stages.RunnerBenchmark [executions]
 * </pre>
 */
public final class RunnerBenchmark {
  private static final String PIPELINE =
      """
      apiVersion: gennaker.dev/v1
      kind: Pipeline
      metadata: {name: five, application: orders}
      spec:
        stages:
          - {id: check, type: checkPreconditions, with: {expressions: [{expression: "true"}]}}
          - id: staging
            type: deploy
            dependsOn: [check]
            with: {cluster: staging, namespace: orders, manifests: m}
          - {id: verify, type: checkPreconditions, dependsOn: [staging], with: {expressions: [{expression: "stages.staging.status == 'succeeded'"}]}}
          - id: prod
            type: deploy
            dependsOn: [verify]
            with: {cluster: production, namespace: orders, manifests: m}
          - {id: done, type: checkPreconditions, dependsOn: [prod], with: {expressions: [{expression: "true"}]}}
      """;

  public static void main(String[] args) {
    int executions = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    try (RunnerHarness h = new RunnerHarness()) {
      h.apply(PIPELINE);
      // Warm-up: the JIT, CEL and the engine's first use.
      for (int i = 0; i < 20; i++) {
        h.await(h.start("five", "bench", Map.of()), ExecutionStatus.SUCCEEDED);
      }
      long one = System.nanoTime();
      Execution single = h.await(h.start("five", "bench", Map.of()), ExecutionStatus.SUCCEEDED);
      double singleMs = (System.nanoTime() - one) / 1e6;

      long start = System.nanoTime();
      List<Execution> started = new ArrayList<>();
      for (int i = 0; i < executions; i++) {
        started.add(h.start("five", "bench", Map.of()));
      }
      for (Execution e : started) {
        h.await(e, ExecutionStatus.SUCCEEDED);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long transitions =
          h.history(single).stream()
              .filter(ev -> ev.get("type").asText().endsWith("StateEntered"))
              .count();
      System.out.printf(
          "executions: %d in %.2f s = %.1f executions/s (%.0f stages/s)%n",
          executions, seconds, executions / seconds, executions * 5 / seconds);
      System.out.printf(
          "one execution alone: %.1f ms end to end = %.1f ms orchestration per stage%n",
          singleMs, singleMs / 5);
      System.out.printf(
          "state transitions: %d for 5 stages = %.1f per stage (incl. the final plan and finish)%n",
          transitions, transitions / 5.0);
    }
  }
}
