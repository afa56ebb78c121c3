package dev.gennaker.core.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Versions ConfigMaps and Secrets so that a config change never slips under a running workload and
 * a rollback restores image and config together: {@code name} becomes {@code name-v000}, {@code
 * name-v001}, …, the next number after the highest existing version, and an existing version with
 * identical content is reused. An object annotated {@code gennaker.dev/versioned: "false"} keeps
 * its name.
 */
public final class ConfigVersioning {
  public static final String OPT_OUT_ANNOTATION = "gennaker.dev/versioned";
  public static final String VERSION_ANNOTATION = "gennaker.dev/config-version";

  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private ConfigVersioning() {}

  /** The versions of one ConfigMap or Secret already made, by content. */
  public record ExistingVersion(int number, String contentHash) {}

  /** Where earlier versions are remembered (per tenant and application). */
  @FunctionalInterface
  public interface History {
    /** Existing versions of {@code kind/baseName} in {@code namespace}, any order. */
    List<ExistingVersion> versions(String namespace, String kind, String baseName);
  }

  /**
   * A ConfigMap or Secret as versioned by this bake.
   *
   * @param reused whether an identical existing version was reused (nothing new is created)
   */
  public record ConfigVersion(
      String kind,
      String namespace,
      String baseName,
      int number,
      String name,
      String contentHash,
      boolean reused) {}

  /** The versioned objects and what was renamed. */
  public record Result(List<ConfigVersion> versions, List<ConfigReference> renames) {}

  /** A rename to apply to references: {@code kind/baseName} in {@code namespace} → name. */
  public record ConfigReference(String kind, String namespace, String baseName, String name) {}

  /**
   * Renames, in place, every versioned ConfigMap and Secret of {@code objects}. Objects must have
   * their namespace set already.
   */
  public static Result apply(List<ManifestObject> objects, History history) {
    List<ConfigVersion> versions = new ArrayList<>();
    List<ConfigReference> renames = new ArrayList<>();
    for (ManifestObject o : objects) {
      if (!isConfig(o) || "false".equalsIgnoreCase(o.annotation(OPT_OUT_ANNOTATION))) {
        continue;
      }
      String base = o.name();
      String hash = contentHash(o);
      List<ExistingVersion> existing = history.versions(o.namespace(), o.kind(), base);
      ExistingVersion same =
          existing.stream()
              .filter(v -> v.contentHash().equals(hash))
              .max(java.util.Comparator.comparingInt(ExistingVersion::number))
              .orElse(null);
      int number =
          same != null
              ? same.number()
              : existing.stream().mapToInt(ExistingVersion::number).max().orElse(-1) + 1;
      String name = versionedName(base, number);
      o.setName(name);
      o.annotations().put(VERSION_ANNOTATION, String.valueOf(number));
      versions.add(
          new ConfigVersion(o.kind(), o.namespace(), base, number, name, hash, same != null));
      renames.add(new ConfigReference(o.kind(), o.namespace(), base, name));
    }
    return new Result(versions, renames);
  }

  public static String versionedName(String base, int number) {
    return String.format("%s-v%03d", base, number);
  }

  static boolean isConfig(ManifestObject o) {
    return "v1".equals(o.apiVersion())
        && ("ConfigMap".equals(o.kind()) || "Secret".equals(o.kind()));
  }

  /**
   * A hash of what a workload sees of the object: data, binaryData, stringData, type and immutable
   * — not its labels or annotations.
   */
  public static String contentHash(ManifestObject o) {
    Map<String, Object> content = new TreeMap<>();
    for (String key : List.of("data", "binaryData", "stringData", "type", "immutable")) {
      Object v = o.tree().get(key);
      if (v != null) {
        content.put(key, v instanceof Map<?, ?> m ? new TreeMap<>(m) : v);
      }
    }
    try {
      byte[] json = CANONICAL.writeValueAsBytes(new LinkedHashMap<>(content));
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(json))
          .substring(0, 16);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash " + o.id(), e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
