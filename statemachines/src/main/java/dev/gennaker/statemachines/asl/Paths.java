package dev.gennaker.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * JSONPath as the States Language uses it. Reference paths ({@code $.a.b[0]['c d']}) are walked
 * directly, which is both faster and exact about what "not found" means; any other JSONPath ({@code
 * ..}, {@code [*]}, filters, slices) goes through json-path. Writing (ResultPath) only accepts
 * reference paths and creates missing parents itself, copying the nodes along the path so that the
 * original document is never mutated.
 */
public final class Paths {
  private static final Configuration JSON_PATH =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
          .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
          .build();
  private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();
  private static final Pattern VARIABLE = Pattern.compile("^\\$[A-Za-z_][A-Za-z0-9_]*");

  private Paths() {}

  /** One step of a reference path: an object field or an array index. */
  public sealed interface Step permits Field, Index {}

  public record Field(String name) implements Step {}

  public record Index(int index) implements Step {}

  /**
   * Parses a reference path (the form ResultPath requires). Returns null when the text is a valid
   * JSONPath but not a reference path, and throws {@link IllegalArgumentException} when it is not a
   * path at all.
   */
  public static List<Step> parseReference(String path) {
    Object cached = CACHE.get(path);
    if (cached instanceof ParsedRef r) {
      return r.steps();
    }
    if (cached instanceof NotRef) {
      return null;
    }
    List<Step> steps = parseReferenceUncached(path);
    if (CACHE.size() < 10_000) {
      CACHE.put(path, steps == null ? new NotRef() : new ParsedRef(steps));
    }
    return steps;
  }

  private record ParsedRef(List<Step> steps) {}

  private record NotRef() {}

  private static List<Step> parseReferenceUncached(String path) {
    if (path == null || !path.startsWith("$")) {
      throw new IllegalArgumentException("a path must start with '$': " + path);
    }
    List<Step> steps = new ArrayList<>();
    int i = 1;
    int n = path.length();
    while (i < n) {
      char c = path.charAt(i);
      if (c == '.') {
        if (i + 1 < n && path.charAt(i + 1) == '.') {
          return checkGeneral(path);
        }
        int j = i + 1;
        while (j < n && path.charAt(j) != '.' && path.charAt(j) != '[') {
          j++;
        }
        String name = path.substring(i + 1, j);
        if (name.isEmpty()) {
          throw new IllegalArgumentException("empty field name in path: " + path);
        }
        if (name.equals("*") || name.contains("(")) {
          return checkGeneral(path);
        }
        steps.add(new Field(name));
        i = j;
      } else if (c == '[') {
        int close = path.indexOf(']', i);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed '[' in path: " + path);
        }
        String inner = path.substring(i + 1, close).trim();
        if ((inner.startsWith("'") && inner.endsWith("'") && inner.length() >= 2)
            || (inner.startsWith("\"") && inner.endsWith("\"") && inner.length() >= 2)) {
          String name = inner.substring(1, inner.length() - 1);
          if (name.contains("'") || name.contains("\"")) {
            return checkGeneral(path);
          }
          steps.add(new Field(name));
        } else if (inner.matches("\\d+")) {
          steps.add(new Index(Integer.parseInt(inner)));
        } else {
          return checkGeneral(path);
        }
        i = close + 1;
      } else {
        throw new IllegalArgumentException("unexpected '" + c + "' in path: " + path);
      }
    }
    return List.copyOf(steps);
  }

  private static List<Step> checkGeneral(String path) {
    compile(path);
    return null;
  }

  private static final Map<String, JsonPath> COMPILED = new ConcurrentHashMap<>();

  private static JsonPath compile(String path) {
    JsonPath p = COMPILED.get(path);
    if (p != null) {
      return p;
    }
    try {
      p = JsonPath.compile(path);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("invalid JSONPath " + path + ": " + e.getMessage(), e);
    }
    if (COMPILED.size() < 10_000) {
      COMPILED.put(path, p);
    }
    return p;
  }

  /** Whether the text is a syntactically valid JSONPath starting at {@code $}. */
  public static boolean isValid(String path) {
    try {
      parseReference(path);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether the text is a valid reference path (the only form allowed in ResultPath). */
  public static boolean isReference(String path) {
    try {
      return parseReference(path) != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Reads a path ({@code $...}) from a document.
   *
   * @throws StatesError with {@code errorName} when the path does not match
   */
  public static JsonNode read(JsonNode doc, String path, String errorName) {
    List<Step> steps;
    try {
      steps = parseReference(path);
    } catch (IllegalArgumentException e) {
      throw new StatesError(errorName, e.getMessage());
    }
    if (steps != null) {
      JsonNode cur = doc;
      for (Step s : steps) {
        JsonNode next = null;
        if (s instanceof Field f) {
          next = cur != null && cur.isObject() ? cur.get(f.name()) : null;
        } else if (s instanceof Index ix) {
          next = cur != null && cur.isArray() ? cur.get(ix.index()) : null;
        }
        if (next == null) {
          throw new StatesError(
              errorName,
              "The JSONPath '" + path + "' could not be found in the input '" + preview(doc) + "'");
        }
        cur = next;
      }
      return cur;
    }
    try {
      Object r = JsonPath.using(JSON_PATH).parse(doc).read(compile(path));
      return r instanceof JsonNode j ? j : Json.fromJava(r);
    } catch (PathNotFoundException e) {
      throw new StatesError(
          errorName,
          "The JSONPath '" + path + "' could not be found in the input '" + preview(doc) + "'");
    } catch (RuntimeException e) {
      throw new StatesError(errorName, "JSONPath '" + path + "' failed: " + e.getMessage());
    }
  }

  /** Whether a path matches something in the document (IsPresent). */
  public static boolean present(JsonNode doc, String path) {
    try {
      JsonNode r = read(doc, path, StatesError.RUNTIME);
      List<Step> steps = parseReference(path);
      return steps != null || !(r.isArray() && r.isEmpty());
    } catch (StatesError e) {
      return false;
    }
  }

  /**
   * Resolves a path that may address the input ({@code $.x}), the context object ({@code $$.x}) or
   * a variable ({@code $name.x}).
   */
  public static JsonNode resolve(String expr, Scope scope, String errorName) {
    if (expr.startsWith("$$")) {
      return read(scope.context(), expr.substring(1), errorName);
    }
    if (expr.length() > 1 && expr.charAt(1) != '.' && expr.charAt(1) != '[') {
      var m = VARIABLE.matcher(expr);
      if (m.find()) {
        String name = m.group().substring(1);
        JsonNode v = scope.variable(name);
        if (v == null) {
          throw new StatesError(errorName, "The variable '$" + name + "' is not defined");
        }
        return read(v, "$" + expr.substring(m.end()), errorName);
      }
    }
    return read(scope.input(), expr, errorName);
  }

  /** Whether text is a valid input, context or variable path. */
  public static boolean isValidExpression(String expr) {
    if (expr == null || !expr.startsWith("$")) {
      return false;
    }
    if (expr.startsWith("$$")) {
      return isValid(expr.substring(1));
    }
    if (expr.length() > 1 && expr.charAt(1) != '.' && expr.charAt(1) != '[') {
      var m = VARIABLE.matcher(expr);
      return m.find() && isValid("$" + expr.substring(m.end()));
    }
    return isValid(expr);
  }

  /**
   * Returns a copy of {@code doc} with {@code value} placed at the reference path, creating missing
   * objects on the way. {@code $} replaces the whole document.
   *
   * @throws StatesError States.ResultPathMatchFailure when the path crosses a non-object
   */
  public static JsonNode set(JsonNode doc, String path, JsonNode value) {
    List<Step> steps;
    try {
      steps = parseReference(path);
    } catch (IllegalArgumentException e) {
      steps = null;
    }
    if (steps == null) {
      throw new StatesError(
          StatesError.RESULT_PATH_MATCH_FAILURE, "ResultPath must be a reference path: " + path);
    }
    if (steps.isEmpty()) {
      return value;
    }
    return setAt(doc, steps, 0, value, path);
  }

  private static JsonNode setAt(JsonNode node, List<Step> steps, int i, JsonNode value, String p) {
    Step s = steps.get(i);
    boolean last = i == steps.size() - 1;
    if (s instanceof Field f) {
      ObjectNode copy;
      if (node == null || node.isMissingNode()) {
        copy = Json.object();
      } else if (node.isObject()) {
        copy = Json.shallowCopy((ObjectNode) node);
      } else {
        throw new StatesError(
            StatesError.RESULT_PATH_MATCH_FAILURE,
            "Unable to apply ResultPath \"" + p + "\" to input \"" + preview(node) + "\"");
      }
      copy.set(f.name(), last ? value : setAt(copy.get(f.name()), steps, i + 1, value, p));
      return copy;
    }
    int idx = ((Index) s).index();
    if (node == null || !node.isArray() || idx >= node.size()) {
      throw new StatesError(
          StatesError.RESULT_PATH_MATCH_FAILURE,
          "Unable to apply ResultPath \"" + p + "\" to input \"" + preview(node) + "\"");
    }
    ArrayNode copy = Json.F.arrayNode();
    copy.addAll((ArrayNode) node);
    copy.set(idx, last ? value : setAt(copy.get(idx), steps, i + 1, value, p));
    return copy;
  }

  static String preview(JsonNode n) {
    String s = n == null ? "null" : Json.write(n);
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  /** Where paths are evaluated: the state input, the context object and the variables. */
  public interface Scope {
    JsonNode input();

    JsonNode context();

    /** The variable's value, or null when it is not defined. */
    JsonNode variable(String name);
  }
}
