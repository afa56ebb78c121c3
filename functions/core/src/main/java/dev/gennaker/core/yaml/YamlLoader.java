package dev.gennaker.core.yaml;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Loads one YAML document into {@link YamlNode}s that keep their positions. Malformed YAML,
 * duplicate keys, non-string keys and several documents in one file are reported as diagnostics.
 * Thread-safe.
 */
public final class YamlLoader {

  /** Documents larger than this are refused before parsing. */
  public static final int MAX_CODE_POINTS = 2 * 1024 * 1024;

  private static final int MAX_ALIASES = 50;

  /** The root node, or empty when the document could not be read (the diagnostics say why). */
  public Optional<YamlNode> load(String text, Diagnostics diagnostics) {
    LoadSettings settings =
        LoadSettings.builder()
            .setSchema(new CoreSchema())
            .setAllowDuplicateKeys(true) // reported below with both positions
            .setMaxAliasesForCollections(MAX_ALIASES)
            .setCodePointLimit(MAX_CODE_POINTS)
            .setUseMarks(true)
            .build();
    try {
      Iterator<Node> documents = new Compose(settings).composeAllFromString(text).iterator();
      if (!documents.hasNext()) {
        diagnostics.error(SourcePosition.START, "", "the file is empty");
        return Optional.empty();
      }
      Node root = documents.next();
      if (documents.hasNext()) {
        Node second = documents.next();
        diagnostics.error(
            position(second.getStartMark()),
            "",
            "the file holds more than one YAML document; put one pipeline in each file");
      }
      return Optional.of(convert(root, "", diagnostics));
    } catch (MarkedYamlEngineException e) {
      SourcePosition at =
          e.getProblemMark().or(e::getContextMark).map(YamlLoader::position).orElse(null);
      String problem = e.getProblem() == null ? "unreadable YAML" : e.getProblem();
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      diagnostics.error(
          at == null ? SourcePosition.START : at, "", "malformed YAML: " + problem + context);
      return Optional.empty();
    } catch (YamlEngineException e) {
      diagnostics.error(SourcePosition.START, "", "malformed YAML: " + e.getMessage());
      return Optional.empty();
    }
  }

  private YamlNode convert(Node node, String path, Diagnostics diagnostics) {
    SourcePosition at = position(node.getStartMark());
    if (node instanceof MappingNode mapping) {
      Map<YamlNode.Key, YamlNode> entries = new LinkedHashMap<>();
      Map<String, SourcePosition> seen = new HashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        SourcePosition keyAt = position(keyNode.getStartMark());
        if (!(keyNode instanceof ScalarNode keyScalar) || keyScalar.getTag().equals(Tag.NULL)) {
          diagnostics.error(keyAt, path, "mapping keys must be strings");
          continue;
        }
        String key = keyScalar.getValue();
        String childPath = childPath(path, key);
        SourcePosition first = seen.putIfAbsent(key, keyAt);
        if (first != null) {
          diagnostics.error(
              keyAt,
              childPath,
              "duplicate key \"" + key + "\" (first defined at line " + first.line() + ")");
          continue;
        }
        entries.put(
            new YamlNode.Key(key, keyAt), convert(tuple.getValueNode(), childPath, diagnostics));
      }
      return new YamlNode.Mapping(at, path, entries);
    }
    if (node instanceof SequenceNode sequence) {
      List<YamlNode> items = new ArrayList<>();
      List<Node> value = sequence.getValue();
      for (int i = 0; i < value.size(); i++) {
        items.add(convert(value.get(i), path + "[" + i + "]", diagnostics));
      }
      return new YamlNode.Sequence(at, path, items);
    }
    ScalarNode scalar = (ScalarNode) node;
    boolean quoted =
        scalar.getScalarStyle() == ScalarStyle.SINGLE_QUOTED
            || scalar.getScalarStyle() == ScalarStyle.DOUBLE_QUOTED;
    return new YamlNode.Scalar(at, path, resolve(scalar), scalar.getValue(), quoted);
  }

  /** The YAML 1.2 core schema's value of a scalar; quoted scalars are always strings. */
  private static Object resolve(ScalarNode scalar) {
    String text = scalar.getValue();
    if (!scalar.isPlain()) {
      return text;
    }
    Tag tag = scalar.getTag();
    if (tag.equals(Tag.NULL)) {
      return null;
    }
    if (tag.equals(Tag.BOOL)) {
      return Boolean.valueOf(text.toLowerCase(java.util.Locale.ROOT));
    }
    if (tag.equals(Tag.INT)) {
      try {
        BigInteger value;
        if (text.startsWith("0x")) {
          value = new BigInteger(text.substring(2), 16);
        } else if (text.startsWith("0o")) {
          value = new BigInteger(text.substring(2), 8);
        } else {
          value = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
        }
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
      } catch (NumberFormatException e) {
        return text;
      }
    }
    if (tag.equals(Tag.FLOAT)) {
      String t = text.toLowerCase(java.util.Locale.ROOT);
      if (t.endsWith(".nan")) {
        return Double.NaN;
      }
      if (t.endsWith(".inf")) {
        return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      try {
        return Double.valueOf(text);
      } catch (NumberFormatException e) {
        return text;
      }
    }
    return text;
  }

  static String childPath(String parent, String key) {
    String segment = key.matches("[A-Za-z_][A-Za-z0-9_-]*") ? key : "[\"" + key + "\"]";
    if (parent.isEmpty()) {
      return segment.startsWith("[") ? segment : segment;
    }
    return segment.startsWith("[") ? parent + segment : parent + "." + segment;
  }

  private static SourcePosition position(Optional<Mark> mark) {
    return mark.map(YamlLoader::position).orElse(SourcePosition.START);
  }

  private static SourcePosition position(Mark mark) {
    return new SourcePosition(mark.getLine() + 1, mark.getColumn() + 1);
  }
}
