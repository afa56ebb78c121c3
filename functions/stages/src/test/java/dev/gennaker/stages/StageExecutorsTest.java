package dev.gennaker.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.pipeline.stage.StageTypes;
import org.junit.jupiter.api.Test;

/** Every registered stage type can run: adding a type without its executor fails here. */
class StageExecutorsTest {
  @Test
  void everyStageType_hasAnExecutor() {
    try (RunnerHarness h = new RunnerHarness()) {
      for (String kind : StageTypes.kinds()) {
        assertThat(h.services.executors().supports(kind)).as(kind).isTrue();
      }
    }
  }
}
