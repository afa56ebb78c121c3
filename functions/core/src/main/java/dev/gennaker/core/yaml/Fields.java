package dev.gennaker.core.yaml;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the fields of one YAML mapping, reporting every problem (unknown fields with a suggestion,
 * missing required fields, wrong types) to the document's {@link Diagnostics} instead of throwing.
 * A getter whose field is absent or wrong returns {@code null} (or the default), so that reading
 * can go on and find the next problem.
 */
public final class Fields {
  private final YamlNode.Mapping mapping;
  private final Diagnostics diagnostics;

  private Fields(YamlNode.Mapping mapping, Diagnostics diagnostics, Set<String> known) {
    this.mapping = mapping;
    this.diagnostics = diagnostics;
    for (var entry : mapping.entries().entrySet()) {
      String key = entry.getKey().name();
      if (!known.contains(key)) {
        diagnostics.error(
            entry.getKey().position(),
            entry.getValue().path(),
            "unknown field \"" + key + "\"" + Suggestions.didYouMean(key, known));
      }
    }
  }

  /**
   * Reads {@code node} as a mapping with the given known fields, or reports that it is not one.
   *
   * @param what how the mapping is called in messages, e.g. "spec" or "stage \"prod\""
   */
  public static Optional<Fields> of(
      YamlNode node, Diagnostics diagnostics, String what, Set<String> known) {
    if (node instanceof YamlNode.Mapping m) {
      return Optional.of(new Fields(m, diagnostics, known));
    }
    diagnostics.error(node, what + " must be a mapping, found " + node.describe());
    return Optional.empty();
  }

  public YamlNode.Mapping mapping() {
    return mapping;
  }

  public Diagnostics diagnostics() {
    return diagnostics;
  }

  /** The node of a field, or null when absent. */
  public YamlNode node(String key) {
    return mapping.get(key);
  }

  public boolean has(String key) {
    return mapping.get(key) != null;
  }

  /** The path a field has (or would have). */
  public String pathOf(String key) {
    return YamlLoader.childPath(mapping.path(), key);
  }

  /** Reports a missing required field and returns null. */
  public YamlNode required(String key) {
    YamlNode node = mapping.get(key);
    if (node == null || (node instanceof YamlNode.Scalar s && s.value() == null)) {
      diagnostics.error(mapping.position(), pathOf(key), "missing required field \"" + key + "\"");
      return null;
    }
    return node;
  }

  public String requiredString(String key) {
    YamlNode node = required(key);
    return node == null ? null : asString(node, key);
  }

  public String string(String key) {
    YamlNode node = present(key);
    return node == null ? null : asString(node, key);
  }

  public String string(String key, String defaultValue) {
    String value = string(key);
    return value == null ? defaultValue : value;
  }

  public Boolean bool(String key, Boolean defaultValue) {
    YamlNode node = present(key);
    if (node == null) {
      return defaultValue;
    }
    if (node instanceof YamlNode.Scalar s && s.value() instanceof Boolean b) {
      return b;
    }
    diagnostics.error(node, "\"" + key + "\" must be true or false, found " + node.describe());
    return defaultValue;
  }

  /** An integer in [min, max], or null (reported) when it is not one. */
  public Long integer(String key, long min, long max) {
    YamlNode node = present(key);
    return node == null ? null : asInteger(node, key, min, max, diagnostics);
  }

  /** A list of strings. Absent: empty list. */
  public List<String> strings(String key) {
    YamlNode node = present(key);
    if (node == null) {
      return List.of();
    }
    return list(node, key, n -> asString(n, key)).stream().filter(s -> s != null).toList();
  }

  /** Applies {@code read} to every item of a list field. Absent: empty list. */
  public <T> List<T> list(String key, Function<YamlNode, T> read) {
    YamlNode node = present(key);
    if (node == null) {
      return List.of();
    }
    return list(node, key, read).stream().filter(t -> t != null).toList();
  }

  /** Applies {@code read} to every value of a mapping field, keyed by its key. */
  public <T> Map<String, T> map(String key, Function<YamlNode, T> read) {
    YamlNode node = present(key);
    if (node == null) {
      return Map.of();
    }
    if (!(node instanceof YamlNode.Mapping m)) {
      diagnostics.error(node, "\"" + key + "\" must be a mapping, found " + node.describe());
      return Map.of();
    }
    Map<String, T> out = new LinkedHashMap<>();
    m.entries().forEach((k, v) -> out.put(k.name(), read.apply(v)));
    return out;
  }

  /** The plain Java value of a field (maps, lists, scalars), or null when absent. */
  public Object value(String key) {
    YamlNode node = present(key);
    return node == null ? null : node.toJava();
  }

  private YamlNode present(String key) {
    YamlNode node = mapping.get(key);
    if (node instanceof YamlNode.Scalar s && s.value() == null) {
      return null;
    }
    return node;
  }

  private <T> List<T> list(YamlNode node, String key, Function<YamlNode, T> read) {
    if (node instanceof YamlNode.Sequence seq) {
      List<T> out = new ArrayList<>();
      for (YamlNode item : seq.items()) {
        out.add(read.apply(item));
      }
      return out;
    }
    diagnostics.error(node, "\"" + key + "\" must be a list, found " + node.describe());
    return List.of();
  }

  /** Reads a scalar string; numbers and booleans written without quotes are refused. */
  public String asString(YamlNode node, String key) {
    if (node instanceof YamlNode.Scalar s && s.value() instanceof String str) {
      return str;
    }
    diagnostics.error(node, "\"" + key + "\" must be a string, found " + node.describe());
    return null;
  }

  /** Reads an integer in [min, max], reporting anything else. */
  public static Long asInteger(
      YamlNode node, String key, long min, long max, Diagnostics diagnostics) {
    if (node instanceof YamlNode.Scalar s
        && (s.value() instanceof Long || s.value() instanceof BigInteger)) {
      if (s.value() instanceof Long l && l >= min && l <= max) {
        return l;
      }
      diagnostics.error(
          node, "\"" + key + "\" must be between " + min + " and " + max + ", found " + s.text());
      return null;
    }
    diagnostics.error(node, "\"" + key + "\" must be an integer, found " + node.describe());
    return null;
  }
}
