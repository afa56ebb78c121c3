package dev.gennaker.core.pipeline;

import dev.gennaker.core.pipeline.stage.StageSpec;
import java.time.Duration;
import java.util.List;

/**
 * One stage of a pipeline.
 *
 * @param id unique within the pipeline ({@code [a-z0-9-]}); other stages and expressions refer to
 *     it
 * @param type the stage type's kind, e.g. {@code deploy}
 * @param name a display name (the id when absent)
 * @param dependsOn ids of the stages that must end first
 * @param when a CEL boolean expression; false skips the stage (null: always run)
 * @param timeout how long the stage may run (null: the stage type's default)
 * @param onFailure what a failure of this stage does to the execution
 * @param spec the {@code with} block, typed by the stage type
 */
public record Stage(
    String id,
    String type,
    String name,
    List<String> dependsOn,
    String when,
    Duration timeout,
    OnFailure onFailure,
    StageSpec spec) {

  public Stage {
    dependsOn = List.copyOf(dependsOn);
    if (name == null) {
      name = id;
    }
    if (onFailure == null) {
      onFailure = OnFailure.FAIL;
    }
  }
}
