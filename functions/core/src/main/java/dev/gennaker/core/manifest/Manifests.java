package dev.gennaker.core.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/** Reads and writes multi-document YAML manifest files. Thread-safe. */
public final class Manifests {

  /** Kinds that live outside namespaces: the bake stage gives them no namespace. */
  public static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "Node",
          "PersistentVolume",
          "StorageClass",
          "ClusterRole",
          "ClusterRoleBinding",
          "CustomResourceDefinition",
          "PriorityClass",
          "IngressClass",
          "RuntimeClass",
          "MutatingWebhookConfiguration",
          "ValidatingWebhookConfiguration",
          "APIService",
          "CSIDriver",
          "VolumeSnapshotClass");

  private Manifests() {}

  /**
   * Parses every document of a file. Empty documents are skipped; a document that is not a
   * Kubernetes object (no {@code apiVersion}, {@code kind} or {@code metadata.name}) is an error
   * naming the file and line. A {@code List} object is expanded into its items.
   */
  @SuppressWarnings("unchecked")
  public static List<ManifestObject> parse(String file, String text) {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(file)
            .setSchema(new CoreSchema())
            .setCodePointLimit(16 * 1024 * 1024)
            .setMaxAliasesForCollections(50)
            .build();
    List<ManifestObject> out = new ArrayList<>();
    try {
      for (Node node : new Compose(settings).composeAllFromString(text)) {
        int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
        Object value =
            new org.snakeyaml.engine.v2.constructor.StandardConstructor(settings)
                .constructSingleDocument(java.util.Optional.of(node));
        if (value == null) {
          continue;
        }
        String at = file + ":" + line;
        if (!(value instanceof Map<?, ?> map)) {
          throw new ManifestException(at + ": a manifest must be a mapping (a Kubernetes object)");
        }
        Map<String, Object> tree = (Map<String, Object>) map;
        if ("List".equals(tree.get("kind")) && tree.get("items") instanceof List<?> items) {
          for (Object item : items) {
            if (item instanceof Map<?, ?> m) {
              out.add(checked(new ManifestObject((Map<String, Object>) m, at), at));
            }
          }
          continue;
        }
        out.add(checked(new ManifestObject(tree, at), at));
      }
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(1);
      throw new ManifestException(
          file + ":" + line + ": invalid YAML: " + (e.getProblem() == null ? "" : e.getProblem()));
    } catch (YamlEngineException e) {
      throw new ManifestException(file + ": invalid YAML: " + e.getMessage());
    }
    return out;
  }

  private static ManifestObject checked(ManifestObject o, String at) {
    if (o.apiVersion() == null || o.apiVersion().isBlank()) {
      throw new ManifestException(at + ": the object has no apiVersion");
    }
    if (o.kind() == null || o.kind().isBlank()) {
      throw new ManifestException(at + ": the object has no kind");
    }
    if (!(o.tree().get("metadata") instanceof Map<?, ?> m)
        || m.get("name") == null
        || m.get("name").toString().isBlank()) {
      throw new ManifestException(at + ": " + o.kind() + " has no metadata.name");
    }
    return o;
  }

  /** Writes objects as one multi-document YAML text, in order. */
  public static String write(List<ManifestObject> objects) {
    DumpSettings settings =
        DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2).build();
    StringBuilder out = new StringBuilder();
    Dump dump = new Dump(settings);
    for (ManifestObject o : objects) {
      out.append("---\n").append(dump.dumpToString(o.tree()));
    }
    return out.toString();
  }
}
