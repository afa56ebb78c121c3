package dev.gennaker.core.pipeline.stage;

import java.util.Map;
import java.util.Set;

/**
 * {@code pipeline}: starts another pipeline of the tenant and optionally waits for it.
 *
 * @param pipeline the child pipeline's name
 * @param parameters its parameters (values may hold expressions)
 * @param waitForEnd whether this stage ends with the child (true; YAML {@code wait}) or as soon as
 *     it started
 */
public record PipelineStageSpec(String pipeline, Map<String, Object> parameters, boolean waitForEnd)
    implements StageSpec {

  /** The stage type. */
  public static final class Type implements StageType<PipelineStageSpec> {
    @Override
    public String kind() {
      return "pipeline";
    }

    @Override
    public Class<PipelineStageSpec> specType() {
      return PipelineStageSpec.class;
    }

    @Override
    public Set<String> fields() {
      return Set.of("pipeline", "parameters", "wait");
    }

    @Override
    public Set<String> outputs() {
      return Set.of("executionId", "status");
    }

    @Override
    public PipelineStageSpec read(SpecReader with) {
      var f = with.fields();
      return new PipelineStageSpec(
          with.id("pipeline", true, "a pipeline name"),
          f.map("parameters", node -> node.toJava()),
          f.bool("wait", true));
    }
  }
}
