package dev.gennaker.simcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The merge algorithms the simulated API server needs: RFC 7386 JSON merge patch (lists are
 * replaced, {@code null} deletes) and Kubernetes strategic merge patch for the common built-in
 * kinds (lists of containers, volumes, env, ports… are merged by their merge key; {@code $patch:
 * delete|replace} directives are honoured).
 */
final class Patches {

  /** Merge keys of the lists that strategic merge patch merges rather than replaces. */
  private static final Map<String, List<String>> MERGE_KEYS =
      Map.ofEntries(
          Map.entry("containers", List.of("name")),
          Map.entry("initContainers", List.of("name")),
          Map.entry("ephemeralContainers", List.of("name")),
          Map.entry("volumes", List.of("name")),
          Map.entry("env", List.of("name")),
          Map.entry("imagePullSecrets", List.of("name")),
          Map.entry("volumeMounts", List.of("mountPath")),
          Map.entry("volumeDevices", List.of("devicePath")),
          Map.entry("ports", List.of("containerPort", "port")),
          Map.entry("hostAliases", List.of("ip")),
          Map.entry("conditions", List.of("type")),
          Map.entry("ownerReferences", List.of("uid")),
          Map.entry("topologySpreadConstraints", List.of("topologyKey")),
          Map.entry("resourceClaims", List.of("name")));

  private Patches() {}

  /** RFC 7386: objects merge recursively, {@code null} removes a member, anything else replaces. */
  static JsonNode jsonMerge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    patch
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNull()) {
                result.remove(e.getKey());
              } else {
                result.set(e.getKey(), jsonMerge(result.get(e.getKey()), e.getValue()));
              }
            });
    return result;
  }

  /** Strategic merge patch as the API server applies it to built-in kinds. */
  static JsonNode strategicMerge(JsonNode target, JsonNode patch) {
    return strategicMerge(target, patch, null);
  }

  private static JsonNode strategicMerge(JsonNode target, JsonNode patch, String fieldName) {
    if (patch.isObject()) {
      if ("replace".equals(patch.path("$patch").asText())) {
        ObjectNode replaced = ((ObjectNode) patch).deepCopy();
        replaced.remove("$patch");
        return replaced;
      }
      ObjectNode result =
          target != null && target.isObject()
              ? ((ObjectNode) target).deepCopy()
              : JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        if (key.startsWith("$setElementOrder/") || key.equals("$retainKeys")) {
          continue;
        }
        if (e.getValue().isNull()) {
          result.remove(key);
        } else {
          result.set(key, strategicMerge(result.get(key), e.getValue(), key));
        }
      }
      return result;
    }
    if (patch.isArray() && fieldName != null && MERGE_KEYS.containsKey(fieldName)) {
      return mergeList(target, (ArrayNode) patch, MERGE_KEYS.get(fieldName));
    }
    return patch.deepCopy();
  }

  private static JsonNode mergeList(JsonNode target, ArrayNode patch, List<String> keys) {
    if (target == null || !target.isArray()) {
      ArrayNode fresh = JsonNodeFactory.instance.arrayNode();
      patch.forEach(
          p -> {
            if (!"delete".equals(p.path("$patch").asText())) {
              fresh.add(p.deepCopy());
            }
          });
      return fresh;
    }
    for (JsonNode p : patch) {
      if ("replace".equals(p.path("$patch").asText())) {
        ArrayNode replaced = JsonNodeFactory.instance.arrayNode();
        patch.forEach(
            q -> {
              if (!q.has("$patch")) {
                replaced.add(q.deepCopy());
              }
            });
        return replaced;
      }
    }
    List<JsonNode> result = new ArrayList<>();
    target.forEach(result::add);
    for (JsonNode p : patch) {
      if (!p.isObject()) {
        if (!result.contains(p)) {
          result.add(p.deepCopy());
        }
        continue;
      }
      String key = keys.stream().filter(p::has).findFirst().orElse(null);
      int index = -1;
      if (key != null) {
        for (int i = 0; i < result.size(); i++) {
          if (result.get(i).path(key).equals(p.get(key))) {
            index = i;
            break;
          }
        }
      }
      boolean delete = "delete".equals(p.path("$patch").asText());
      if (index >= 0 && delete) {
        result.remove(index);
      } else if (index >= 0) {
        result.set(index, strategicMerge(result.get(index), p, null));
      } else if (!delete) {
        result.add(p.deepCopy());
      }
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    result.forEach(out::add);
    return out;
  }

  /** The merge key of a list element, used to name it in a field set ({@code k:{"name":"x"}}). */
  static String elementKey(String listField, JsonNode element) {
    List<String> keys = MERGE_KEYS.get(listField);
    if (keys == null || !element.isObject()) {
      return null;
    }
    for (String k : keys) {
      if (element.has(k)) {
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        key.set(k, element.get(k));
        return "k:" + key;
      }
    }
    return null;
  }
}
