package dev.gennaker.agent.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Kubernetes {@code fieldsV1} into readable paths: {@code {"f:spec":{"f:replicas":{}}}}
 * becomes {@code spec.replicas}, list elements show their key ({@code
 * spec.template.spec.containers[name=app].image}).
 */
final class FieldPaths {

  private FieldPaths() {}

  static List<String> display(JsonNode fields) {
    List<String> out = new ArrayList<>();
    walk(fields, "", out);
    return out;
  }

  private static void walk(JsonNode node, String path, List<String> out) {
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
      String seg;
      if (c.startsWith("f:")) {
        seg = (path.isEmpty() ? "" : ".") + c.substring(2);
      } else if (c.startsWith("k:")) {
        seg = "[" + c.substring(2).replaceAll("[{}\"]", "").replace(':', '=') + "]";
      } else if (c.startsWith("v:")) {
        seg = "[" + c.substring(2) + "]";
      } else {
        seg = "." + c;
      }
      walk(node.get(c), path + seg, out);
    }
  }
}
