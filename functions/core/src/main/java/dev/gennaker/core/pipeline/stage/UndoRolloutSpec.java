package dev.gennaker.core.pipeline.stage;

import java.util.Set;

/**
 * {@code undoRollout}: returns a workload to an earlier revision (image and versioned config
 * together).
 *
 * @param revisionsBack how many revisions back (1: the previous one)
 */
public record UndoRolloutSpec(
    String cluster, String namespace, String kind, String name, int revisionsBack)
    implements StageSpec, ClusterTarget {

  /** The stage type. */
  public static final class Type implements StageType<UndoRolloutSpec> {
    @Override
    public String kind() {
      return "undoRollout";
    }

    @Override
    public Class<UndoRolloutSpec> specType() {
      return UndoRolloutSpec.class;
    }

    @Override
    public Set<String> fields() {
      return Set.of("cluster", "namespace", "kind", "name", "revisionsBack");
    }

    @Override
    public Set<String> outputs() {
      return Set.of("revision");
    }

    @Override
    public UndoRolloutSpec read(SpecReader with) {
      Long back = with.fields().integer("revisionsBack", 1, 100);
      return new UndoRolloutSpec(
          with.cluster(),
          with.namespace(true),
          with.kind(),
          with.objectName("name", true),
          back == null ? 1 : back.intValue());
    }
  }
}
