package dev.gennaker.core.runner;

import dev.gennaker.core.pipeline.stage.CheckPreconditionsSpec;
import java.time.Duration;

/** {@code checkPreconditions}: every expression must be true; the first false one fails it. */
final class CheckPreconditionsExecutor implements StageExecutor {
  @Override
  public Waiting waiting() {
    return Waiting.NONE;
  }

  @Override
  public Duration defaultTimeout() {
    return Duration.ofMinutes(1);
  }

  @Override
  public StageOutcome run(StageContext context) {
    var spec = (CheckPreconditionsSpec) context.stage().spec();
    for (CheckPreconditionsSpec.Precondition p : spec.expressions()) {
      if (!context.expressions().evaluateCondition(p.expression(), context.values())) {
        return new StageOutcome.Failed(p.message() + " (" + p.expression() + " is false)");
      }
    }
    return StageOutcome.succeeded();
  }
}
