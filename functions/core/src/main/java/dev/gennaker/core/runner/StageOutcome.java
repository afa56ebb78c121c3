package dev.gennaker.core.runner;

import java.util.Map;

/** How a stage that ran in one task ended: expected failures are values, not exceptions. */
public sealed interface StageOutcome permits StageOutcome.Succeeded, StageOutcome.Failed {

  /** The stage did its work; {@code outputs} are visible to later stages (small values). */
  record Succeeded(Map<String, String> outputs) implements StageOutcome {
    public Succeeded {
      outputs = Map.copyOf(outputs);
    }
  }

  /** The stage could not do its work, for a reason a user can act on. */
  record Failed(String reason) implements StageOutcome {}

  static StageOutcome succeeded() {
    return new Succeeded(Map.of());
  }
}
