package dev.gennaker.core.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finds the pod specs inside workload objects, wherever each kind keeps its own. */
final class PodSpecs {
  private PodSpecs() {}

  /** The pod spec of a workload, or null for kinds that have none. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> of(ManifestObject o) {
    String kind = o.kind();
    if (kind == null) {
      return null;
    }
    List<String> path =
        switch (kind) {
          case "Pod" -> List.of("spec");
          case "Deployment",
                  "StatefulSet",
                  "DaemonSet",
                  "ReplicaSet",
                  "Job",
                  "ReplicationController" ->
              List.of("spec", "template", "spec");
          case "CronJob" -> List.of("spec", "jobTemplate", "spec", "template", "spec");
          default -> null;
        };
    if (path == null) {
      return null;
    }
    Object node = o.tree();
    for (String key : path) {
      if (!(node instanceof Map<?, ?> m)) {
        return null;
      }
      node = m.get(key);
    }
    return node instanceof Map<?, ?> spec ? (Map<String, Object>) spec : null;
  }

  /** Every container of a pod spec: containers, initContainers and ephemeralContainers. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> containers(Map<String, Object> podSpec) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String key : List.of("initContainers", "containers", "ephemeralContainers")) {
      if (podSpec.get(key) instanceof List<?> list) {
        for (Object c : list) {
          if (c instanceof Map<?, ?> m) {
            out.add((Map<String, Object>) m);
          }
        }
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> maps(Object list) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (list instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m) {
          out.add((Map<String, Object>) m);
        }
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }
}
