package dev.gennaker.core.pipeline;

import java.util.Arrays;
import java.util.List;

/** What a stage's failure does to its execution. */
public enum OnFailure {
  /** The execution fails; nothing new starts. The default. */
  FAIL("fail"),
  /** The failure is tolerated: stages downstream still run and the execution can succeed. */
  CONTINUE("continue"),
  /** The stage's changes are rolled back (undo rollout), then the execution fails. */
  ROLLBACK("rollback");

  private final String yamlName;

  OnFailure(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }

  public static List<String> yamlNames() {
    return Arrays.stream(values()).map(OnFailure::yamlName).toList();
  }
}
