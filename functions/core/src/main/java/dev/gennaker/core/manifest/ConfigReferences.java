package dev.gennaker.core.manifest;

import java.util.List;
import java.util.Map;

/**
 * Rewrites references to versioned ConfigMaps and Secrets in workloads: volumes, projected volumes,
 * {@code envFrom} and {@code env[].valueFrom}, in every container of the pod spec.
 */
public final class ConfigReferences {
  private ConfigReferences() {}

  /**
   * Applies the renames to every workload of {@code objects}, in place.
   *
   * @return how many references were rewritten
   */
  public static int rewrite(
      List<ManifestObject> objects, List<ConfigVersioning.ConfigReference> renames) {
    if (renames.isEmpty()) {
      return 0;
    }
    int count = 0;
    for (ManifestObject o : objects) {
      Map<String, Object> pod = PodSpecs.of(o);
      if (pod == null) {
        continue;
      }
      Rewriter r = new Rewriter(o.namespace(), renames);
      for (Map<String, Object> volume : PodSpecs.maps(pod.get("volumes"))) {
        r.name(PodSpecs.map(volume.get("configMap")), "name", "ConfigMap");
        r.name(PodSpecs.map(volume.get("secret")), "secretName", "Secret");
        Map<String, Object> projected = PodSpecs.map(volume.get("projected"));
        if (projected != null) {
          for (Map<String, Object> source : PodSpecs.maps(projected.get("sources"))) {
            r.name(PodSpecs.map(source.get("configMap")), "name", "ConfigMap");
            r.name(PodSpecs.map(source.get("secret")), "name", "Secret");
          }
        }
      }
      for (Map<String, Object> container : PodSpecs.containers(pod)) {
        for (Map<String, Object> envFrom : PodSpecs.maps(container.get("envFrom"))) {
          r.name(PodSpecs.map(envFrom.get("configMapRef")), "name", "ConfigMap");
          r.name(PodSpecs.map(envFrom.get("secretRef")), "name", "Secret");
        }
        for (Map<String, Object> env : PodSpecs.maps(container.get("env"))) {
          Map<String, Object> valueFrom = PodSpecs.map(env.get("valueFrom"));
          if (valueFrom != null) {
            r.name(PodSpecs.map(valueFrom.get("configMapKeyRef")), "name", "ConfigMap");
            r.name(PodSpecs.map(valueFrom.get("secretKeyRef")), "name", "Secret");
          }
        }
      }
      count += r.count;
    }
    return count;
  }

  private static final class Rewriter {
    private final String namespace;
    private final List<ConfigVersioning.ConfigReference> renames;
    int count;

    Rewriter(String namespace, List<ConfigVersioning.ConfigReference> renames) {
      this.namespace = namespace;
      this.renames = renames;
    }

    void name(Map<String, Object> ref, String field, String kind) {
      if (ref == null || !(ref.get(field) instanceof String current)) {
        return;
      }
      for (ConfigVersioning.ConfigReference rename : renames) {
        if (rename.kind().equals(kind)
            && rename.baseName().equals(current)
            && java.util.Objects.equals(rename.namespace(), namespace)) {
          ref.put(field, rename.name());
          count++;
          return;
        }
      }
    }
  }
}
