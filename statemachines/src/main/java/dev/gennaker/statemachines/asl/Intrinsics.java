package dev.gennaker.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code States.*} intrinsic functions of the JSONPath query language: a small parser for
 * {@code States.Name(arg, ...)} (arguments are single-quoted strings, numbers, booleans, null,
 * paths or nested calls) and the functions themselves. Failures raise {@code
 * States.IntrinsicFailure}.
 */
public final class Intrinsics {
  /** The functions AWS defines, with their allowed argument counts. */
  public static final Map<String, int[]> FUNCTIONS =
      Map.ofEntries(
          Map.entry("States.Format", new int[] {1, Integer.MAX_VALUE}),
          Map.entry("States.StringToJson", new int[] {1, 1}),
          Map.entry("States.JsonToString", new int[] {1, 1}),
          Map.entry("States.Array", new int[] {0, Integer.MAX_VALUE}),
          Map.entry("States.ArrayPartition", new int[] {2, 2}),
          Map.entry("States.ArrayContains", new int[] {2, 2}),
          Map.entry("States.ArrayRange", new int[] {3, 3}),
          Map.entry("States.ArrayGetItem", new int[] {2, 2}),
          Map.entry("States.ArrayLength", new int[] {1, 1}),
          Map.entry("States.ArrayUnique", new int[] {1, 1}),
          Map.entry("States.Base64Encode", new int[] {1, 1}),
          Map.entry("States.Base64Decode", new int[] {1, 1}),
          Map.entry("States.Hash", new int[] {2, 2}),
          Map.entry("States.JsonMerge", new int[] {3, 3}),
          Map.entry("States.MathRandom", new int[] {2, 3}),
          Map.entry("States.MathAdd", new int[] {2, 2}),
          Map.entry("States.StringSplit", new int[] {2, 2}),
          Map.entry("States.UUID", new int[] {0, 0}));

  private static final Map<String, Call> CACHE = new ConcurrentHashMap<>();
  private static final int MAX_ARRAY_RANGE = 1000;

  private Intrinsics() {}

  /** A parsed argument. */
  sealed interface Arg permits Literal, PathArg, Call {}

  record Literal(JsonNode value) implements Arg {}

  record PathArg(String path) implements Arg {}

  record Call(String name, List<Arg> args) implements Arg {}

  /** Whether the text looks like an intrinsic call (starts with {@code States.}). */
  public static boolean isCall(String text) {
    return text.startsWith("States.");
  }

  /** Parses a call, throwing {@link IllegalArgumentException} with the reason when malformed. */
  public static void check(String text) {
    parse(text);
  }

  static Call parse(String text) {
    Call c = CACHE.get(text);
    if (c == null) {
      Parser p = new Parser(text);
      c = p.call();
      p.skipWs();
      if (p.pos != text.length()) {
        throw new IllegalArgumentException("unexpected text after the call: " + text);
      }
      if (CACHE.size() < 10_000) {
        CACHE.put(text, c);
      }
    }
    return c;
  }

  /** Evaluates an intrinsic call against a scope. */
  public static JsonNode evaluate(String text, Paths.Scope scope) {
    Call c;
    try {
      c = parse(text);
    } catch (IllegalArgumentException e) {
      throw new StatesError(StatesError.INTRINSIC_FAILURE, e.getMessage());
    }
    return eval(c, scope);
  }

  private static JsonNode eval(Arg a, Paths.Scope scope) {
    if (a instanceof Literal l) {
      return l.value();
    }
    if (a instanceof PathArg p) {
      return Paths.resolve(p.path(), scope, StatesError.RUNTIME);
    }
    Call c = (Call) a;
    List<JsonNode> args = new ArrayList<>(c.args().size());
    for (Arg x : c.args()) {
      JsonNode v = eval(x, scope);
      if (x instanceof Literal && v.isTextual() && !c.name().equals("States.Format")) {
        v = Json.F.textNode(v.asText().replace("\\{", "{").replace("\\}", "}"));
      }
      args.add(v);
    }
    return apply(c.name(), args);
  }

  private static StatesError fail(String name, String why) {
    return new StatesError(
        StatesError.INTRINSIC_FAILURE, "Invalid arguments in " + name + ": " + why);
  }

  static JsonNode apply(String name, List<JsonNode> a) {
    switch (name) {
      case "States.Format":
        {
          String tpl = str(name, a.get(0));
          StringBuilder sb = new StringBuilder();
          int arg = 1;
          for (int i = 0; i < tpl.length(); i++) {
            char ch = tpl.charAt(i);
            if (ch == '\\'
                && i + 1 < tpl.length()
                && (tpl.charAt(i + 1) == '{' || tpl.charAt(i + 1) == '}')) {
              sb.append(tpl.charAt(++i));
            } else if (ch == '{' && i + 1 < tpl.length() && tpl.charAt(i + 1) == '}') {
              if (arg >= a.size()) {
                throw fail(name, "the template has more {} than arguments");
              }
              JsonNode v = a.get(arg++);
              sb.append(v.isTextual() ? v.asText() : Json.write(v));
              i++;
            } else {
              sb.append(ch);
            }
          }
          if (arg != a.size()) {
            throw fail(name, "more arguments than {} in the template");
          }
          return Json.F.textNode(sb.toString());
        }
      case "States.StringToJson":
        return Json.parse(str(name, a.get(0)), StatesError.INTRINSIC_FAILURE);
      case "States.JsonToString":
        return Json.F.textNode(Json.write(a.get(0)));
      case "States.Array":
        {
          ArrayNode r = Json.F.arrayNode();
          a.forEach(r::add);
          return r;
        }
      case "States.ArrayPartition":
        {
          ArrayNode arr = arr(name, a.get(0));
          int size = integer(name, a.get(1));
          if (size <= 0) {
            throw fail(name, "the chunk size must be positive");
          }
          ArrayNode r = Json.F.arrayNode();
          ArrayNode cur = null;
          for (JsonNode e : arr) {
            if (cur == null || cur.size() == size) {
              cur = r.addArray();
            }
            cur.add(e);
          }
          return r;
        }
      case "States.ArrayContains":
        {
          for (JsonNode e : arr(name, a.get(0))) {
            if (e.equals(a.get(1))) {
              return Json.F.booleanNode(true);
            }
          }
          return Json.F.booleanNode(false);
        }
      case "States.ArrayRange":
        {
          int start = integer(name, a.get(0));
          int end = integer(name, a.get(1));
          int step = integer(name, a.get(2));
          if (step == 0) {
            throw fail(name, "the step must not be 0");
          }
          ArrayNode r = Json.F.arrayNode();
          for (long i = start; step > 0 ? i <= end : i >= end; i += step) {
            if (r.size() == MAX_ARRAY_RANGE) {
              throw fail(name, "the range has more than " + MAX_ARRAY_RANGE + " items");
            }
            r.add((int) i);
          }
          return r;
        }
      case "States.ArrayGetItem":
        {
          ArrayNode arr = arr(name, a.get(0));
          int i = integer(name, a.get(1));
          if (i < 0 || i >= arr.size()) {
            throw fail(name, "index " + i + " is out of bounds");
          }
          return arr.get(i);
        }
      case "States.ArrayLength":
        return Json.F.numberNode(arr(name, a.get(0)).size());
      case "States.ArrayUnique":
        {
          Set<JsonNode> seen = new LinkedHashSet<>();
          arr(name, a.get(0)).forEach(seen::add);
          ArrayNode r = Json.F.arrayNode();
          seen.forEach(r::add);
          return r;
        }
      case "States.Base64Encode":
        {
          String s = str(name, a.get(0));
          if (s.length() > 10_000) {
            throw fail(name, "the input is longer than 10000 characters");
          }
          return Json.F.textNode(
              Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
        }
      case "States.Base64Decode":
        try {
          return Json.F.textNode(
              new String(Base64.getDecoder().decode(str(name, a.get(0))), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw fail(name, "not base64: " + e.getMessage());
        }
      case "States.Hash":
        {
          JsonNode data = a.get(0);
          String input = data.isTextual() ? data.asText() : Json.write(data);
          String algo = str(name, a.get(1));
          if (!List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512").contains(algo)) {
            throw fail(name, "unsupported algorithm " + algo);
          }
          try {
            byte[] d =
                MessageDigest.getInstance(algo).digest(input.getBytes(StandardCharsets.UTF_8));
            return Json.F.textNode(HexFormat.of().formatHex(d));
          } catch (NoSuchAlgorithmException e) {
            throw fail(name, "unsupported algorithm " + algo);
          }
        }
      case "States.JsonMerge":
        {
          if (!a.get(0).isObject() || !a.get(1).isObject()) {
            throw fail(name, "both values must be JSON objects");
          }
          if (!a.get(2).isBoolean() || a.get(2).booleanValue()) {
            throw fail(name, "only shallow merge (false) is supported");
          }
          ObjectNode r = Json.shallowCopy((ObjectNode) a.get(0));
          r.setAll((ObjectNode) a.get(1));
          return r;
        }
      case "States.MathRandom":
        {
          int start = integer(name, a.get(0));
          int end = integer(name, a.get(1));
          if (end <= start) {
            throw fail(name, "the end must be greater than the start");
          }
          int v =
              a.size() == 3
                  ? start + new Random(integer(name, a.get(2))).nextInt(end - start)
                  : ThreadLocalRandom.current().nextInt(start, end);
          return Json.F.numberNode(v);
        }
      case "States.MathAdd":
        return Json.F.numberNode(
            Math.addExact((long) integer(name, a.get(0)), (long) integer(name, a.get(1))));
      case "States.StringSplit":
        {
          String s = str(name, a.get(0));
          String delims = str(name, a.get(1));
          ArrayNode r = Json.F.arrayNode();
          StringBuilder cur = new StringBuilder();
          for (int i = 0; i < s.length(); i++) {
            if (delims.indexOf(s.charAt(i)) >= 0) {
              if (cur.length() > 0) {
                r.add(cur.toString());
              }
              cur.setLength(0);
            } else {
              cur.append(s.charAt(i));
            }
          }
          if (cur.length() > 0) {
            r.add(cur.toString());
          }
          return r;
        }
      case "States.UUID":
        return Json.F.textNode(UUID.randomUUID().toString());
      default:
        throw new StatesError(StatesError.INTRINSIC_FAILURE, "Unknown intrinsic function " + name);
    }
  }

  private static String str(String fn, JsonNode n) {
    if (!n.isTextual()) {
      throw fail(fn, "expected a string, got " + Json.write(n));
    }
    return n.asText();
  }

  private static ArrayNode arr(String fn, JsonNode n) {
    if (!n.isArray()) {
      throw fail(fn, "expected an array, got " + Json.write(n));
    }
    return (ArrayNode) n;
  }

  private static int integer(String fn, JsonNode n) {
    if (n.isIntegralNumber() && n.canConvertToInt()) {
      return n.intValue();
    }
    if (n.isNumber() && n.doubleValue() == Math.rint(n.doubleValue())) {
      return (int) n.doubleValue();
    }
    throw fail(fn, "expected an integer, got " + Json.write(n));
  }

  private static final class Parser {
    final String s;
    int pos;

    Parser(String s) {
      this.s = s;
    }

    void skipWs() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    Call call() {
      skipWs();
      int start = pos;
      while (pos < s.length()
          && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
        pos++;
      }
      String name = s.substring(start, pos);
      int[] arity = FUNCTIONS.get(name);
      if (arity == null) {
        throw new IllegalArgumentException("unknown intrinsic function '" + name + "'");
      }
      skipWs();
      expect('(');
      List<Arg> args = new ArrayList<>();
      skipWs();
      if (peek() != ')') {
        while (true) {
          args.add(arg());
          skipWs();
          if (peek() == ',') {
            pos++;
            continue;
          }
          break;
        }
      }
      expect(')');
      if (args.size() < arity[0] || args.size() > arity[1]) {
        throw new IllegalArgumentException(
            name
                + " takes "
                + (arity[0] == arity[1] ? arity[0] : arity[0] + ".." + arity[1])
                + " arguments, got "
                + args.size());
      }
      return new Call(name, List.copyOf(args));
    }

    char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    void expect(char c) {
      if (peek() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at " + pos + " in " + s);
      }
      pos++;
    }

    Arg arg() {
      skipWs();
      char c = peek();
      if (c == '\'') {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
          if (pos >= s.length()) {
            throw new IllegalArgumentException("unterminated string in " + s);
          }
          char ch = s.charAt(pos++);
          if (ch == '\\' && pos < s.length()) {
            char esc = s.charAt(pos++);
            // Escaped braces stay escaped so that States.Format can tell them from {}.
            if (esc == '{' || esc == '}') {
              sb.append('\\');
            }
            sb.append(esc);
          } else if (ch == '\'') {
            break;
          } else {
            sb.append(ch);
          }
        }
        return new Literal(Json.F.textNode(sb.toString()));
      }
      if (c == '$') {
        int start = pos;
        int depth = 0;
        while (pos < s.length()) {
          char ch = s.charAt(pos);
          if (ch == '[' || ch == '(') {
            depth++;
          } else if (ch == ']' || ch == ')') {
            if (depth == 0) {
              break;
            }
            depth--;
          } else if ((ch == ',') && depth == 0) {
            break;
          }
          pos++;
        }
        String path = s.substring(start, pos).trim();
        if (!Paths.isValidExpression(path)) {
          throw new IllegalArgumentException("invalid path '" + path + "' in " + s);
        }
        return new PathArg(path);
      }
      if (s.startsWith("States.", pos)) {
        return call();
      }
      int start = pos;
      while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ')') {
        pos++;
      }
      String lit = s.substring(start, pos).trim();
      try {
        JsonNode v = Json.parse(lit);
        if (v.isContainerNode()) {
          throw new IllegalArgumentException("invalid argument '" + lit + "' in " + s);
        }
        return new Literal(v);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid argument '" + lit + "' in " + s);
      }
    }
  }
}
