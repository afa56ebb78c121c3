package dev.gennaker.statemachines.asl;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSONata query language: a string {@code "{% expr %}"} anywhere in a field's value is
 * evaluated with {@code $states} ({@code input}, {@code context}, and {@code result} or {@code
 * errorOutput} where they exist) and the workflow variables bound; other values are literal.
 * Evaluation errors raise {@code States.QueryEvaluationError}.
 */
public final class JsonataEval {
  private static final Map<String, Jsonata> CACHE = new ConcurrentHashMap<>();

  private JsonataEval() {}

  /** Whether a JSON value is a {@code {% %}} expression string. */
  public static boolean isExpression(JsonNode n) {
    if (n == null || !n.isTextual()) {
      return false;
    }
    String s = n.asText().trim();
    return s.startsWith("{%") && s.endsWith("%}") && s.length() >= 4;
  }

  private static String body(String s) {
    s = s.trim();
    return s.substring(2, s.length() - 2).trim();
  }

  /** Evaluates a field value: expressions anywhere inside objects and arrays are replaced. */
  public static JsonNode evaluate(
      JsonNode template, ObjectNode states, Paths.Scope vars, List<String> varNames) {
    if (isExpression(template)) {
      return eval(body(template.asText()), states, vars, varNames);
    }
    if (template.isObject()) {
      ObjectNode out = Json.object();
      Iterator<Map.Entry<String, JsonNode>> it = template.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), evaluate(e.getValue(), states, vars, varNames));
      }
      return out;
    }
    if (template.isArray()) {
      ArrayNode out = Json.F.arrayNode();
      for (JsonNode x : template) {
        out.add(evaluate(x, states, vars, varNames));
      }
      return out;
    }
    return template;
  }

  private static Jsonata compile(String expr) {
    return CACHE.computeIfAbsent(
        expr,
        e -> {
          try {
            return Jsonata.jsonata(e);
          } catch (JException ex) {
            throw new StatesError(
                StatesError.QUERY_EVALUATION_ERROR,
                "Invalid JSONata expression '" + e + "': " + ex.getMessage());
          }
        });
  }

  private static JsonNode eval(
      String expr, ObjectNode states, Paths.Scope vars, List<String> varNames) {
    Jsonata j = compile(expr);
    try {
      Object result;
      // A parsed expression keeps evaluation state of its own; serialise its use.
      synchronized (j) {
        Jsonata.Frame frame = j.createFrame();
        frame.bind("states", Json.toJava(states));
        for (String v : varNames) {
          JsonNode value = vars.variable(v);
          if (value != null) {
            frame.bind(v, Json.toJava(value));
          }
        }
        result = j.evaluate(Json.toJava(states.get("input")), frame);
      }
      if (result == null || result == Jsonata.NULL_VALUE) {
        return Json.F.nullNode();
      }
      return Json.fromJava(result);
    } catch (JException | IllegalArgumentException | ClassCastException e) {
      throw new StatesError(
          StatesError.QUERY_EVALUATION_ERROR,
          "The JSONata expression '" + expr + "' failed: " + e.getMessage());
    }
  }

  /** Checks the syntax of every expression inside a field value. */
  static void validate(JsonNode template, String loc, List<Problem> problems) {
    if (isExpression(template)) {
      try {
        Jsonata.jsonata(body(template.asText()));
      } catch (RuntimeException e) {
        problems.add(
            new Problem(
                "SCHEMA_VALIDATION_FAILED", "Invalid JSONata expression: " + e.getMessage(), loc));
      }
    } else if (template.isObject()) {
      template
          .fields()
          .forEachRemaining(e -> validate(e.getValue(), loc + "/" + e.getKey(), problems));
    } else if (template.isArray()) {
      for (int i = 0; i < template.size(); i++) {
        validate(template.get(i), loc + "/" + i, problems);
      }
    }
  }
}
