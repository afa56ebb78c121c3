package dev.gennaker.core.pipeline.stage;

import java.util.Set;

/**
 * {@code scale}: sets the replicas of a workload.
 *
 * @param replicas an integer, or a {@code ${...}} expression giving one
 */
public record ScaleSpec(String cluster, String namespace, String kind, String name, String replicas)
    implements StageSpec, ClusterTarget {

  /** The stage type. */
  public static final class Type implements StageType<ScaleSpec> {
    @Override
    public String kind() {
      return "scale";
    }

    @Override
    public Class<ScaleSpec> specType() {
      return ScaleSpec.class;
    }

    @Override
    public Set<String> fields() {
      return Set.of("cluster", "namespace", "kind", "name", "replicas");
    }

    @Override
    public Set<String> outputs() {
      return Set.of();
    }

    @Override
    public ScaleSpec read(SpecReader with) {
      return new ScaleSpec(
          with.cluster(),
          with.namespace(true),
          with.kind(),
          with.objectName("name", true),
          with.integerOrExpression("replicas", 0, 10_000, true));
    }
  }
}
