package dev.gennaker.core.manifest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Kubernetes object of a manifest set: its tree (maps, lists, scalars) and where it was
 * written. The tree is mutable so that transforms can edit it in place; copy before sharing.
 */
public final class ManifestObject {
  private final Map<String, Object> tree;
  private final String source;

  /**
   * @param tree the object, as parsed
   * @param source where it was written, e.g. {@code deploy/k8s/app.yaml:12}
   */
  public ManifestObject(Map<String, Object> tree, String source) {
    this.tree = Objects.requireNonNull(tree, "tree");
    this.source = source;
  }

  public Map<String, Object> tree() {
    return tree;
  }

  public String source() {
    return source;
  }

  public String apiVersion() {
    return string(tree.get("apiVersion"));
  }

  public String kind() {
    return string(tree.get("kind"));
  }

  public String name() {
    return string(metadata().get("name"));
  }

  /** The namespace, or null when the object names none. */
  public String namespace() {
    return string(metadata().get("namespace"));
  }

  public void setName(String name) {
    metadata().put("name", name);
  }

  public void setNamespace(String namespace) {
    metadata().put("namespace", namespace);
  }

  /** The object's metadata map, created when absent. */
  public Map<String, Object> metadata() {
    return child(tree, "metadata");
  }

  /** The annotations map, created when absent. */
  public Map<String, Object> annotations() {
    return child(metadata(), "annotations");
  }

  public String annotation(String key) {
    Object a = metadata().get("annotations");
    return a instanceof Map<?, ?> m ? string(m.get(key)) : null;
  }

  /** {@code kind/name}, as users and kubectl say it. */
  public String id() {
    return kind() + "/" + name();
  }

  /** A deep copy. */
  public ManifestObject copy() {
    return new ManifestObject(deepCopy(tree), source);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> child(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    Map<String, Object> created = new LinkedHashMap<>();
    parent.put(key, created);
    return created;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> deepCopy(Map<String, Object> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, copyValue(v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object copyValue(Object v) {
    if (v instanceof Map<?, ?> m) {
      return deepCopy((Map<String, Object>) m);
    }
    if (v instanceof List<?> l) {
      return new java.util.ArrayList<>(l.stream().map(ManifestObject::copyValue).toList());
    }
    return v;
  }

  private static String string(Object o) {
    return o == null ? null : o.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ManifestObject other && tree.equals(other.tree);
  }

  @Override
  public int hashCode() {
    return tree.hashCode();
  }

  @Override
  public String toString() {
    return id() + (source == null ? "" : " (" + source + ")");
  }
}
