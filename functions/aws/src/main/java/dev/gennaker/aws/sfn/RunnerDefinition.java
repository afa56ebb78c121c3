package dev.gennaker.aws.sfn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code statemachines/pipeline-runner.asl.json}, with its function placeholders ({@code
 * ${PlanFunction}}…) replaced by the ARNs of one deployment's functions.
 */
public final class RunnerDefinition {
  static final String RESOURCE = "/statemachines/pipeline-runner.asl.json";

  /** The placeholder for the plan function's ARN. */
  public static final String PLAN = "PlanFunction";

  /** The placeholder for the run-stage function's ARN. */
  public static final String RUN_STAGE = "RunStageFunction";

  /** The placeholder for the record-failure function's ARN. */
  public static final String RECORD_FAILURE = "RecordFailureFunction";

  /** The placeholder for the finish function's ARN. */
  public static final String FINISH = "FinishFunction";

  private RunnerDefinition() {}

  /** The definition as written, placeholders included. */
  public static String template() {
    try (InputStream in = RunnerDefinition.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param functionArns the ARN of each function, by placeholder name ({@link #PLAN}…)
   */
  public static String forFunctions(Map<String, String> functionArns) {
    String definition = template();
    for (var e : functionArns.entrySet()) {
      definition = definition.replace("${" + e.getKey() + "}", e.getValue());
    }
    if (definition.matches("(?s).*\\$\\{[A-Za-z]+}.*")) {
      throw new IllegalArgumentException(
          "the runner definition still has placeholders: give ARNs for "
              + PLAN
              + ", "
              + RUN_STAGE
              + ", "
              + RECORD_FAILURE
              + " and "
              + FINISH);
    }
    return definition;
  }
}
