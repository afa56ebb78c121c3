package dev.gennaker.core.yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of a YAML document with its position and JSON path, so that every problem found later can
 * be reported where it is.
 */
public sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

  SourcePosition position();

  /** The JSON path from the document root, e.g. {@code spec.stages[0].with}. */
  String path();

  /** A short description for messages: "a mapping", "a list", "a string", "a number"... */
  String describe();

  /** The plain Java value: maps, lists, strings, numbers, booleans and nulls. */
  Object toJava();

  /** A key of a mapping, with the position of the key itself. */
  record Key(String name, SourcePosition position) {}

  /** A YAML mapping; keys keep their order and their own positions. */
  record Mapping(SourcePosition position, String path, Map<Key, YamlNode> entries)
      implements YamlNode {
    public Mapping {
      entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public YamlNode get(String key) {
      for (Map.Entry<Key, YamlNode> e : entries.entrySet()) {
        if (e.getKey().name().equals(key)) {
          return e.getValue();
        }
      }
      return null;
    }

    @Override
    public String describe() {
      return "a mapping";
    }

    @Override
    public Object toJava() {
      Map<String, Object> out = new LinkedHashMap<>();
      entries.forEach((k, v) -> out.put(k.name(), v.toJava()));
      return out;
    }
  }

  /** A YAML sequence. */
  record Sequence(SourcePosition position, String path, List<YamlNode> items) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }

    @Override
    public Object toJava() {
      return items.stream().map(YamlNode::toJava).toList();
    }
  }

  /**
   * A YAML scalar, resolved with the YAML 1.2 core schema: {@code value} is a String, Long,
   * BigInteger, Double, Boolean or null. Quoted scalars are always strings.
   *
   * @param text the scalar exactly as written (without quotes)
   * @param quoted whether it was written in quotes or as a block scalar (its content starts one
   *     column after {@code position})
   */
  record Scalar(SourcePosition position, String path, Object value, String text, boolean quoted)
      implements YamlNode {

    @Override
    public String describe() {
      if (value == null) {
        return "null";
      }
      if (value instanceof String s) {
        return "the string \"" + abbreviate(s) + "\"";
      }
      if (value instanceof Boolean) {
        return "the boolean " + value;
      }
      return "the number " + text;
    }

    @Override
    public Object toJava() {
      return value;
    }

    /**
     * The position of the character at {@code offset} of {@link #text()}: exact for single-line
     * scalars, the scalar's own position otherwise.
     */
    public SourcePosition positionOf(int offset) {
      if (text.indexOf('\n') >= 0 || offset < 0 || offset > text.length()) {
        return position;
      }
      return position.plusColumns(offset + (quoted ? 1 : 0));
    }

    private static String abbreviate(String s) {
      return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
  }
}
