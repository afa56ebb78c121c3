package dev.gennaker.core.runner;

import dev.gennaker.core.pipeline.stage.WaitSpec;
import java.time.Duration;

/** {@code wait}: a timer; the state machine's Wait state waits, the planner records the end. */
final class WaitStageExecutor implements StageExecutor {
  @Override
  public Waiting waiting() {
    return Waiting.TIMER;
  }

  @Override
  public Duration defaultTimeout() {
    return Duration.ofDays(366);
  }

  @Override
  public Duration timer(StageContext context) {
    return ((WaitSpec) context.stage().spec()).duration();
  }
}
