package dev.gennaker.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Choice rules of the JSONPath query language: data-test expressions (every comparison operator and
 * its {@code Path} variant, the {@code Is*} type tests, {@code StringMatches}) and the boolean
 * combinators {@code And}, {@code Or}, {@code Not}. Comparing values of different types is false,
 * as in AWS; a {@code Variable} path that matches nothing is a {@code States.Runtime} error except
 * for {@code IsPresent}.
 */
public final class ChoiceRules {
  static final Set<String> COMPARISONS =
      Set.of(
          "StringEquals",
          "StringLessThan",
          "StringGreaterThan",
          "StringLessThanEquals",
          "StringGreaterThanEquals",
          "StringMatches",
          "NumericEquals",
          "NumericLessThan",
          "NumericGreaterThan",
          "NumericLessThanEquals",
          "NumericGreaterThanEquals",
          "BooleanEquals",
          "TimestampEquals",
          "TimestampLessThan",
          "TimestampGreaterThan",
          "TimestampLessThanEquals",
          "TimestampGreaterThanEquals",
          "IsNull",
          "IsPresent",
          "IsNumeric",
          "IsString",
          "IsBoolean",
          "IsTimestamp");
  static final Set<String> PATH_COMPARISONS =
      Set.of(
          "StringEqualsPath",
          "StringLessThanPath",
          "StringGreaterThanPath",
          "StringLessThanEqualsPath",
          "StringGreaterThanEqualsPath",
          "NumericEqualsPath",
          "NumericLessThanPath",
          "NumericGreaterThanPath",
          "NumericLessThanEqualsPath",
          "NumericGreaterThanEqualsPath",
          "BooleanEqualsPath",
          "TimestampEqualsPath",
          "TimestampLessThanPath",
          "TimestampGreaterThanPath",
          "TimestampLessThanEqualsPath",
          "TimestampGreaterThanEqualsPath");
  private static final Pattern RFC3339 =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

  private ChoiceRules() {}

  /** Evaluates one rule (top-level or nested). */
  public static boolean matches(JsonNode rule, Paths.Scope scope) {
    if (rule.has("And")) {
      for (JsonNode r : rule.get("And")) {
        if (!matches(r, scope)) {
          return false;
        }
      }
      return true;
    }
    if (rule.has("Or")) {
      for (JsonNode r : rule.get("Or")) {
        if (matches(r, scope)) {
          return true;
        }
      }
      return false;
    }
    if (rule.has("Not")) {
      return !matches(rule.get("Not"), scope);
    }
    String variable = rule.path("Variable").asText();
    String op = operator(rule);
    if (op == null) {
      throw new StatesError(StatesError.RUNTIME, "Choice rule without a comparison operator");
    }
    JsonNode expected = rule.get(op);
    if (op.equals("IsPresent")) {
      return presentIn(variable, scope) == expected.asBoolean();
    }
    JsonNode value = Paths.resolve(variable, scope, StatesError.RUNTIME);
    if (op.endsWith("Path")) {
      expected = Paths.resolve(expected.asText(), scope, StatesError.RUNTIME);
      op = op.substring(0, op.length() - 4);
    }
    return switch (op) {
      case "IsNull" -> value.isNull() == expected.asBoolean();
      case "IsNumeric" -> value.isNumber() == expected.asBoolean();
      case "IsString" -> value.isTextual() == expected.asBoolean();
      case "IsBoolean" -> value.isBoolean() == expected.asBoolean();
      case "IsTimestamp" -> (timestamp(value) != null) == expected.asBoolean();
      case "StringMatches" -> value.isTextual() && wildcard(expected.asText(), value.asText());
      case "BooleanEquals" ->
          value.isBoolean() && expected.isBoolean() && value.asBoolean() == expected.asBoolean();
      default -> compare(op, value, expected);
    };
  }

  private static boolean presentIn(String variable, Paths.Scope scope) {
    try {
      JsonNode v = Paths.resolve(variable, scope, StatesError.RUNTIME);
      return !(v.isArray() && v.isEmpty() && !Paths.isReference(stripVar(variable)));
    } catch (StatesError e) {
      return false;
    }
  }

  private static String stripVar(String v) {
    return v.startsWith("$$") ? v.substring(1) : v;
  }

  /** The single comparison operator of a data-test rule, or null. */
  public static String operator(JsonNode rule) {
    var it = rule.fieldNames();
    while (it.hasNext()) {
      String f = it.next();
      if (COMPARISONS.contains(f) || PATH_COMPARISONS.contains(f)) {
        return f;
      }
    }
    return null;
  }

  private static boolean compare(String op, JsonNode a, JsonNode b) {
    int c;
    if (op.startsWith("String")) {
      if (!a.isTextual() || !b.isTextual()) {
        return false;
      }
      c = a.asText().compareTo(b.asText());
      op = op.substring(6);
    } else if (op.startsWith("Numeric")) {
      if (!a.isNumber() || !b.isNumber()) {
        return false;
      }
      c = new BigDecimal(a.asText()).compareTo(new BigDecimal(b.asText()));
      op = op.substring(7);
    } else if (op.startsWith("Timestamp")) {
      Instant x = timestamp(a);
      Instant y = timestamp(b);
      if (x == null || y == null) {
        return false;
      }
      c = x.compareTo(y);
      op = op.substring(9);
    } else {
      throw new StatesError(StatesError.RUNTIME, "Unknown Choice operator " + op);
    }
    return switch (op) {
      case "Equals" -> c == 0;
      case "LessThan" -> c < 0;
      case "GreaterThan" -> c > 0;
      case "LessThanEquals" -> c <= 0;
      case "GreaterThanEquals" -> c >= 0;
      default -> throw new StatesError(StatesError.RUNTIME, "Unknown Choice operator " + op);
    };
  }

  /** An RFC 3339 timestamp with an uppercase T and a time zone, as the States Language requires. */
  public static Instant timestamp(JsonNode n) {
    if (n == null || !n.isTextual() || !RFC3339.matcher(n.asText()).matches()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(n.asText()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** StringMatches: {@code *} matches any run of characters; {@code \*} and {@code \\} escape. */
  static boolean wildcard(String pattern, String s) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '*') {
        re.append(".*");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(s).matches();
  }

  /** Validates a rule statically, adding problems located under {@code loc}. */
  static void validate(JsonNode rule, String loc, boolean topLevel, List<Problem> problems) {
    if (!rule.isObject()) {
      problems.add(new Problem("SCHEMA_VALIDATION_FAILED", "A Choice rule must be an object", loc));
      return;
    }
    if (topLevel && !rule.has("Next")) {
      problems.add(
          new Problem("SCHEMA_VALIDATION_FAILED", "The field 'Next' is required", loc + "/Next"));
    }
    if (!topLevel && rule.has("Next")) {
      problems.add(
          new Problem(
              "SCHEMA_VALIDATION_FAILED",
              "A nested Choice rule must not have 'Next'",
              loc + "/Next"));
    }
    int combinators =
        (rule.has("And") ? 1 : 0) + (rule.has("Or") ? 1 : 0) + (rule.has("Not") ? 1 : 0);
    String op = operator(rule);
    if (combinators + (op == null ? 0 : 1) != 1) {
      problems.add(
          new Problem(
              "SCHEMA_VALIDATION_FAILED",
              "A Choice rule must have exactly one comparison operator or one of And, Or, Not",
              loc));
      return;
    }
    for (String k : List.of("And", "Or")) {
      if (rule.has(k)) {
        if (!rule.get(k).isArray() || rule.get(k).isEmpty()) {
          problems.add(
              new Problem(
                  "SCHEMA_VALIDATION_FAILED", k + " must be a non-empty array", loc + "/" + k));
        } else {
          for (int i = 0; i < rule.get(k).size(); i++) {
            validate(rule.get(k).get(i), loc + "/" + k + "/" + i, false, problems);
          }
        }
      }
    }
    if (rule.has("Not")) {
      validate(rule.get("Not"), loc + "/Not", false, problems);
    }
    if (op != null) {
      JsonNode var = rule.get("Variable");
      if (var == null || !var.isTextual() || !Paths.isValidExpression(var.asText())) {
        problems.add(
            new Problem(
                var == null ? "SCHEMA_VALIDATION_FAILED" : "INVALID_JSON_PATH",
                var == null
                    ? "The field 'Variable' is required"
                    : "Variable must be a valid JSONPath",
                loc + "/Variable"));
      }
      JsonNode v = rule.get(op);
      boolean ok;
      if (op.endsWith("Path")) {
        ok = v.isTextual() && Paths.isValidExpression(v.asText());
      } else if (op.startsWith("Is") || op.startsWith("Boolean")) {
        ok = v.isBoolean();
      } else if (op.startsWith("Numeric")) {
        ok = v.isNumber();
      } else if (op.startsWith("Timestamp")) {
        ok = timestamp(v) != null;
      } else {
        ok = v.isTextual();
      }
      if (!ok) {
        problems.add(
            new Problem(
                "SCHEMA_VALIDATION_FAILED",
                "The value of " + op + " has the wrong type",
                loc + "/" + op));
      }
    }
  }
}
