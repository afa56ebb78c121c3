package dev.gennaker.core.pipeline.stage;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code patch}: patches one object.
 *
 * @param patch a mapping (strategic or merge patch) or a list of operations (JSON patch)
 * @param patchType {@code strategic} (default), {@code merge} or {@code json}
 */
public record PatchSpec(
    String cluster, String namespace, String kind, String name, Object patch, String patchType)
    implements StageSpec, ClusterTarget {

  static final List<String> PATCH_TYPES = List.of("strategic", "merge", "json");

  /** The stage type. */
  public static final class Type implements StageType<PatchSpec> {
    @Override
    public String kind() {
      return "patch";
    }

    @Override
    public Class<PatchSpec> specType() {
      return PatchSpec.class;
    }

    @Override
    public Set<String> fields() {
      return Set.of("cluster", "namespace", "kind", "name", "patch", "patchType");
    }

    @Override
    public Set<String> outputs() {
      return Set.of("object");
    }

    @Override
    public PatchSpec read(SpecReader with) {
      var f = with.fields();
      String patchType = with.choice("patchType", PATCH_TYPES, "strategic");
      var node = f.required("patch");
      Object patch = node == null ? null : node.toJava();
      if (patch != null) {
        boolean json = patchType.equals("json");
        if (json && !(patch instanceof List)) {
          with.diagnostics().error(node, "a json patch must be a list of operations");
        } else if (!json && !(patch instanceof Map)) {
          with.diagnostics().error(node, "a " + patchType + " patch must be a mapping");
        }
      }
      return new PatchSpec(
          with.cluster(),
          with.namespace(true),
          with.kind(),
          with.objectName("name", true),
          patch,
          patchType);
    }
  }
}
