package dev.gennaker.core.pipeline.stage;

import java.util.Set;

/**
 * {@code delete}: deletes objects of one kind, by name or by label selector (exactly one).
 *
 * @param labelSelector a Kubernetes label selector, e.g. {@code app=orders,track=canary}
 */
public record DeleteSpec(
    String cluster, String namespace, String kind, String name, String labelSelector)
    implements StageSpec, ClusterTarget {

  /** The stage type. */
  public static final class Type implements StageType<DeleteSpec> {
    @Override
    public String kind() {
      return "delete";
    }

    @Override
    public Class<DeleteSpec> specType() {
      return DeleteSpec.class;
    }

    @Override
    public Set<String> fields() {
      return Set.of("cluster", "namespace", "kind", "name", "labelSelector");
    }

    @Override
    public Set<String> outputs() {
      return Set.of("deleted");
    }

    @Override
    public DeleteSpec read(SpecReader with) {
      var f = with.fields();
      if (f.has("name") == f.has("labelSelector")) {
        with.diagnostics()
            .error(
                f.mapping(), "a delete stage needs exactly one of \"name\" or \"labelSelector\"");
      }
      String selector = f.string("labelSelector");
      if (selector != null && selector.isBlank()) {
        with.diagnostics()
            .error(
                f.node("labelSelector"), "\"labelSelector\" must not be empty: it would match all");
      }
      return new DeleteSpec(
          with.cluster(),
          with.namespace(true),
          with.kind(),
          with.objectName("name", false),
          selector);
    }
  }
}
