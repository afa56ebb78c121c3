package dev.gennaker.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Payload templates (Parameters, ResultSelector, ItemSelector, Assign in JSONPath): a key ending in
 * {@code .$} takes the value of a path, a context path ({@code $$}), a variable ({@code $name}) or
 * an intrinsic call; every other value is copied as is, recursively.
 */
public final class Templates {
  private Templates() {}

  /**
   * Evaluates a template.
   *
   * @param pathError the error raised when a path does not match ({@code
   *     States.ParameterPathFailure} for Parameters/ResultSelector/ItemSelector)
   */
  public static JsonNode evaluate(JsonNode template, Paths.Scope scope, String pathError) {
    if (template.isObject()) {
      ObjectNode out = Json.object();
      Iterator<Map.Entry<String, JsonNode>> it = template.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        if (key.endsWith(".$") && e.getValue().isTextual()) {
          out.set(
              key.substring(0, key.length() - 2), dynamic(e.getValue().asText(), scope, pathError));
        } else {
          out.set(key, evaluate(e.getValue(), scope, pathError));
        }
      }
      return out;
    }
    if (template.isArray()) {
      ArrayNode out = Json.F.arrayNode();
      for (JsonNode x : template) {
        out.add(evaluate(x, scope, pathError));
      }
      return out;
    }
    return template;
  }

  /** The value of one {@code .$} entry. */
  public static JsonNode dynamic(String expr, Paths.Scope scope, String pathError) {
    if (Intrinsics.isCall(expr)) {
      return Intrinsics.evaluate(expr, scope);
    }
    return Paths.resolve(expr, scope, pathError);
  }

  /**
   * Checks a template statically; adds one problem per bad {@code .$} value to the list, located
   * under {@code location}.
   */
  public static void validate(JsonNode template, String location, List<Problem> problems) {
    if (template.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = template.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String loc = location + "/" + e.getKey();
        if (e.getKey().endsWith(".$")) {
          if (!e.getValue().isTextual()) {
            problems.add(
                new Problem(
                    "SCHEMA_VALIDATION_FAILED", "The value of a '.$' field must be a string", loc));
            continue;
          }
          String v = e.getValue().asText();
          if (Intrinsics.isCall(v)) {
            try {
              Intrinsics.check(v);
            } catch (IllegalArgumentException ex) {
              problems.add(new Problem("INVALID_INTRINSIC_FUNCTION", ex.getMessage(), loc));
            }
          } else if (!Paths.isValidExpression(v)) {
            problems.add(
                new Problem(
                    "INVALID_JSON_PATH",
                    "The value for the field '"
                        + e.getKey()
                        + "' must be a valid JSONPath or a valid intrinsic function call",
                    loc));
          }
        } else {
          validate(e.getValue(), loc, problems);
        }
      }
    } else if (template.isArray()) {
      int i = 0;
      for (JsonNode x : template) {
        validate(x, location + "/" + i++, problems);
      }
    }
  }
}
