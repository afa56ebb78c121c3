package dev.gennaker.core.runner;

import java.util.List;

/** What the Plan task returns to the state machine: ids, whether it is finished, ready stages. */
public record PlanResult(
    String tenantId, String executionId, boolean finished, List<StageWork> ready) {
  public PlanResult {
    ready = List.copyOf(ready);
  }
}
