package dev.gennaker.simcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Field sets as Kubernetes records them in {@code managedFields[].fieldsV1}: each leaf is a path of
 * segments, {@code f:<field>} for a map member and {@code k:<json key>} for a list element
 * identified by its merge key.
 */
final class FieldSets {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FieldSets() {}

  /** The leaves an object sets, ignoring status and server-owned metadata. */
  static Set<List<String>> leaves(JsonNode object) {
    Set<List<String>> out = new LinkedHashSet<>();
    object
        .fields()
        .forEachRemaining(
            e -> {
              String k = e.getKey();
              if (k.equals("status") || k.equals("apiVersion") || k.equals("kind")) {
                return;
              }
              if (k.equals("metadata")) {
                for (String m : List.of("labels", "annotations")) {
                  if (e.getValue().has(m)) {
                    walk(e.getValue().get(m), List.of("f:metadata", "f:" + m), m, out);
                  }
                }
                return;
              }
              walk(e.getValue(), List.of("f:" + k), k, out);
            });
    return out;
  }

  private static void walk(JsonNode node, List<String> path, String field, Set<List<String>> out) {
    if (node.isObject() && node.size() > 0) {
      node.fields()
          .forEachRemaining(
              e -> walk(e.getValue(), append(path, "f:" + e.getKey()), e.getKey(), out));
      return;
    }
    if (node.isArray() && node.size() > 0 && Patches.elementKey(field, node.get(0)) != null) {
      for (JsonNode element : node) {
        String key = Patches.elementKey(field, element);
        if (key == null) {
          out.add(path);
          return;
        }
        walk(element, append(path, key), null, out);
      }
      return;
    }
    out.add(path);
  }

  /** Leaves whose value differs between two versions of an object. */
  static Set<List<String>> changed(JsonNode before, JsonNode after) {
    Set<List<String>> all = new LinkedHashSet<>(leaves(before));
    all.addAll(leaves(after));
    Set<List<String>> out = new LinkedHashSet<>();
    for (List<String> leaf : all) {
      if (!valueAt(before, leaf).equals(valueAt(after, leaf))) {
        out.add(leaf);
      }
    }
    return out;
  }

  /** The value at a leaf path, or a missing node. */
  static JsonNode valueAt(JsonNode root, List<String> path) {
    JsonNode node = root;
    for (String seg : path) {
      if (seg.startsWith("f:")) {
        node = node.path(seg.substring(2));
      } else if (seg.startsWith("k:")) {
        JsonNode key = parse(seg.substring(2));
        JsonNode found = JsonNodeFactory.instance.missingNode();
        for (JsonNode element : node) {
          boolean match = true;
          for (Iterator<Map.Entry<String, JsonNode>> it = key.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            match &= element.path(e.getKey()).equals(e.getValue());
          }
          if (match) {
            found = element;
            break;
          }
        }
        node = found;
      }
      if (node.isMissingNode()) {
        return node;
      }
    }
    return node;
  }

  /** Renders a field set as {@code fieldsV1}. */
  static ObjectNode toFieldsV1(Set<List<String>> leaves) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    for (List<String> leaf : leaves) {
      ObjectNode node = root;
      for (String seg : leaf) {
        node = node.has(seg) ? (ObjectNode) node.get(seg) : node.putObject(seg);
      }
    }
    return root;
  }

  /** Reads {@code fieldsV1} back into leaves. */
  static Set<List<String>> fromFieldsV1(JsonNode fields) {
    Set<List<String>> out = new LinkedHashSet<>();
    read(fields, List.of(), out);
    return out;
  }

  private static void read(JsonNode node, List<String> path, Set<List<String>> out) {
    List<String> children = new ArrayList<>();
    node.fieldNames().forEachRemaining(children::add);
    children.remove(".");
    if (children.isEmpty()) {
      if (!path.isEmpty()) {
        out.add(path);
      }
      return;
    }
    for (String c : children) {
      read(node.get(c), append(path, c), out);
    }
  }

  /** A readable path: {@code spec.template.spec.containers[name=app].image}. */
  static String display(List<String> path) {
    StringBuilder b = new StringBuilder();
    for (String seg : path) {
      if (seg.startsWith("f:")) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(seg.substring(2));
      } else if (seg.startsWith("k:")) {
        JsonNode key = parse(seg.substring(2));
        Map.Entry<String, JsonNode> e = key.fields().next();
        b.append('[').append(e.getKey()).append('=').append(e.getValue().asText()).append(']');
      }
    }
    return b.toString();
  }

  /** True when {@code a} is {@code b} or one is a prefix of the other (they overlap). */
  static boolean overlaps(List<String> a, List<String> b) {
    int n = Math.min(a.size(), b.size());
    return a.subList(0, n).equals(b.subList(0, n));
  }

  private static List<String> append(List<String> path, String seg) {
    List<String> p = new ArrayList<>(path.size() + 1);
    p.addAll(path);
    p.add(seg);
    return List.copyOf(p);
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("bad field key " + json, e);
    }
  }
}
