package dev.gennaker.core.manifest;

import java.util.List;
import java.util.Map;

/**
 * The Kubernetes transforms of the bake stage, in order: default namespace, versioned ConfigMaps
 * and Secrets with every reference rewritten, image artifacts bound, tracking annotations. Pure:
 * the same input gives the same output.
 */
public final class ManifestBake {
  public static final String APPLICATION = "gennaker.dev/application";
  public static final String PIPELINE = "gennaker.dev/pipeline";
  public static final String EXECUTION = "gennaker.dev/execution";
  public static final String STAGE = "gennaker.dev/stage";
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  private ManifestBake() {}

  /**
   * Who is baking: written on every object so that the agent can find what Gennaker manages and
   * users can tell which execution applied an object.
   *
   * @param namespace the namespace given to namespaced objects that name none (may be null)
   */
  public record Context(
      String application,
      String pipeline,
      String execution,
      String stage,
      String namespace,
      List<ImageReference> images,
      ConfigVersioning.History history) {}

  /** What the bake produced. */
  public record Result(
      List<ManifestObject> objects,
      List<ConfigVersioning.ConfigVersion> configVersions,
      List<ImageBinding.Bound> boundImages,
      int rewrittenReferences) {

    /** The manifests as one multi-document YAML text. */
    public String yaml() {
      return Manifests.write(objects);
    }
  }

  /** Transforms copies of {@code rendered}; the input is not changed. */
  public static Result bake(List<ManifestObject> rendered, Context context) {
    List<ManifestObject> objects = rendered.stream().map(ManifestObject::copy).toList();
    for (ManifestObject o : objects) {
      if (o.namespace() == null
          && context.namespace() != null
          && !Manifests.CLUSTER_SCOPED.contains(o.kind())) {
        o.setNamespace(context.namespace());
      }
    }
    checkUnique(objects);
    ConfigVersioning.Result versions = ConfigVersioning.apply(objects, context.history());
    int rewritten = ConfigReferences.rewrite(objects, versions.renames());
    List<ImageBinding.Bound> bound = ImageBinding.bind(objects, context.images());
    for (ManifestObject o : objects) {
      Map<String, Object> annotations = o.annotations();
      annotations.put(APPLICATION, context.application());
      annotations.put(PIPELINE, context.pipeline());
      annotations.put(EXECUTION, context.execution());
      annotations.put(STAGE, context.stage());
      ManifestObject.child(o.metadata(), "labels").put(MANAGED_BY_LABEL, "gennaker");
    }
    return new Result(objects, versions.versions(), bound, rewritten);
  }

  private static void checkUnique(List<ManifestObject> objects) {
    java.util.Map<String, String> seen = new java.util.HashMap<>();
    for (ManifestObject o : objects) {
      String key = o.kind() + "/" + o.namespace() + "/" + o.name();
      String first = seen.putIfAbsent(key, o.source());
      if (first != null) {
        throw new ManifestException(
            o.source() + ": " + o.id() + " is defined twice (first at " + first + ")");
      }
    }
  }
}
