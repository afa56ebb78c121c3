package dev.gennaker.stages;

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
   * @param functionArns the ARN of each function, by placeholder name ({@link
   *     RunnerFunctions#PLAN}…)
   */
  public static String forFunctions(Map<String, String> functionArns) {
    String definition = template();
    for (var e : functionArns.entrySet()) {
      definition = definition.replace("${" + e.getKey() + "}", e.getValue());
    }
    if (definition.matches("(?s).*\\$\\{[A-Za-z]+}.*")) {
      throw new IllegalArgumentException(
          "the runner definition still has placeholders: give ARNs for "
              + RunnerFunctions.PLAN
              + ", "
              + RunnerFunctions.RUN_STAGE
              + ", "
              + RunnerFunctions.RECORD_FAILURE
              + " and "
              + RunnerFunctions.FINISH);
    }
    return definition;
  }
}
