package dev.gennaker.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates state machine definitions the way Step Functions does on create and update:
 * unknown, missing or unreachable states, missing {@code Next}/{@code End}, fields that do not
 * belong to a state type or query language, bad paths, bad intrinsic calls, bad Retry/Catch and
 * unsupported resources. Every problem carries its location ({@code /States/Foo/Next}).
 */
public final class Definitions {
  private static final Set<String> TYPES =
      Set.of("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map");
  private static final Set<String> ROOT_FIELDS =
      Set.of("Comment", "StartAt", "States", "Version", "TimeoutSeconds", "QueryLanguage");
  private static final Set<String> BRANCH_FIELDS =
      Set.of("Comment", "StartAt", "States", "ProcessorConfig", "QueryLanguage");
  private static final Set<String> JSONPATH_ONLY =
      Set.of(
          "InputPath",
          "OutputPath",
          "ResultPath",
          "Parameters",
          "ResultSelector",
          "Result",
          "ItemsPath",
          "SecondsPath",
          "TimestampPath",
          "TimeoutSecondsPath",
          "HeartbeatSecondsPath",
          "MaxConcurrencyPath",
          "ToleratedFailureCountPath",
          "ToleratedFailurePercentagePath",
          "ErrorPath",
          "CausePath",
          "Iterator");
  private static final Set<String> JSONATA_ONLY = Set.of("Arguments", "Output", "Items");
  private static final Map<String, Set<String>> FIELDS =
      Map.of(
          "Pass",
          Set.of(
              "Next",
              "End",
              "InputPath",
              "OutputPath",
              "ResultPath",
              "Parameters",
              "Result",
              "Assign",
              "Output"),
          "Task",
          Set.of(
              "Next",
              "End",
              "InputPath",
              "OutputPath",
              "ResultPath",
              "Parameters",
              "ResultSelector",
              "Resource",
              "Retry",
              "Catch",
              "TimeoutSeconds",
              "TimeoutSecondsPath",
              "HeartbeatSeconds",
              "HeartbeatSecondsPath",
              "Credentials",
              "Assign",
              "Arguments",
              "Output"),
          "Choice",
          Set.of("Choices", "Default", "InputPath", "OutputPath", "Assign", "Output"),
          "Wait",
          Set.of(
              "Next",
              "End",
              "InputPath",
              "OutputPath",
              "Seconds",
              "SecondsPath",
              "Timestamp",
              "TimestampPath",
              "Assign",
              "Output"),
          "Succeed",
          Set.of("InputPath", "OutputPath", "Output"),
          "Fail",
          Set.of("Error", "Cause", "ErrorPath", "CausePath"),
          "Parallel",
          Set.of(
              "Next",
              "End",
              "InputPath",
              "OutputPath",
              "ResultPath",
              "Parameters",
              "ResultSelector",
              "Branches",
              "Retry",
              "Catch",
              "Assign",
              "Arguments",
              "Output"),
          "Map",
          Set.of(
              "Next",
              "End",
              "InputPath",
              "OutputPath",
              "ResultPath",
              "Parameters",
              "ResultSelector",
              "ItemsPath",
              "ItemSelector",
              "ItemProcessor",
              "Iterator",
              "MaxConcurrency",
              "MaxConcurrencyPath",
              "ToleratedFailureCount",
              "ToleratedFailureCountPath",
              "ToleratedFailurePercentage",
              "ToleratedFailurePercentagePath",
              "Retry",
              "Catch",
              "Assign",
              "Label",
              "Items",
              "Output",
              "ItemReader",
              "ResultWriter",
              "ItemBatcher",
              "Arguments"));

  private Definitions() {}

  /** A definition that does not validate. */
  public static final class InvalidDefinitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public InvalidDefinitionException(List<Problem> problems) {
      super(
          "Invalid State Machine Definition: '"
              + String.join(", ", problems.stream().map(Problem::toString).toList())
              + "'");
      this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
      return problems;
    }
  }

  /** Validates a definition's JSON text; an empty list means it is valid. */
  public static List<Problem> validate(String json) {
    JsonNode root;
    try {
      root = Json.parse(json);
    } catch (IllegalArgumentException e) {
      return List.of(new Problem("INVALID_JSON_DESCRIPTION", e.getMessage(), "/"));
    }
    List<Problem> problems = new ArrayList<>();
    if (!root.isObject()) {
      problems.add(
          new Problem("SCHEMA_VALIDATION_FAILED", "A definition must be a JSON object", "/"));
      return problems;
    }
    checkMachine(root, "", ROOT_FIELDS, StateMachine.JSONPATH, problems);
    return problems;
  }

  /**
   * Parses a definition.
   *
   * @throws InvalidDefinitionException listing every problem when it does not validate
   */
  public static StateMachine parse(String json) {
    List<Problem> problems = validate(json);
    if (!problems.isEmpty()) {
      throw new InvalidDefinitionException(problems);
    }
    JsonNode root = Json.parse(json);
    return build(root, root.path("QueryLanguage").asText(StateMachine.JSONPATH));
  }

  private static StateMachine build(JsonNode m, String inheritedLanguage) {
    String lang = m.path("QueryLanguage").asText(inheritedLanguage);
    Map<String, StateMachine.State> states = new LinkedHashMap<>();
    m.get("States")
        .fields()
        .forEachRemaining(
            e -> {
              ObjectNode s = (ObjectNode) e.getValue();
              String sl = s.path("QueryLanguage").asText(lang);
              List<StateMachine> branches = new ArrayList<>();
              for (JsonNode b : s.path("Branches")) {
                branches.add(build(b, sl));
              }
              JsonNode proc = s.has("ItemProcessor") ? s.get("ItemProcessor") : s.get("Iterator");
              states.put(
                  e.getKey(),
                  new StateMachine.State(
                      e.getKey(),
                      s.get("Type").asText(),
                      s,
                      sl,
                      retriers(s.get("Retry")),
                      catchers(s.get("Catch")),
                      List.copyOf(branches),
                      proc == null ? null : build(proc, sl)));
            });
    Integer timeout = m.has("TimeoutSeconds") ? m.get("TimeoutSeconds").asInt() : null;
    return new StateMachine(m.get("StartAt").asText(), Map.copyOf(states), lang, timeout);
  }

  private static List<String> strings(JsonNode arr) {
    List<String> r = new ArrayList<>();
    arr.forEach(x -> r.add(x.asText()));
    return List.copyOf(r);
  }

  private static List<StateMachine.Retrier> retriers(JsonNode retry) {
    List<StateMachine.Retrier> r = new ArrayList<>();
    if (retry != null) {
      for (JsonNode x : retry) {
        r.add(
            new StateMachine.Retrier(
                strings(x.get("ErrorEquals")),
                x.path("IntervalSeconds").asDouble(1),
                x.path("MaxAttempts").asInt(3),
                x.path("BackoffRate").asDouble(2.0),
                x.has("MaxDelaySeconds") ? x.get("MaxDelaySeconds").asLong() : null,
                "FULL".equals(x.path("JitterStrategy").asText("NONE"))));
      }
    }
    return List.copyOf(r);
  }

  private static List<StateMachine.Catcher> catchers(JsonNode c) {
    List<StateMachine.Catcher> r = new ArrayList<>();
    if (c != null) {
      for (JsonNode x : c) {
        String rp =
            !x.has("ResultPath")
                ? "$"
                : x.get("ResultPath").isNull() ? null : x.get("ResultPath").asText();
        r.add(
            new StateMachine.Catcher(
                strings(x.get("ErrorEquals")),
                rp,
                x.get("Next").asText(),
                x.get("Assign"),
                x.get("Output")));
      }
    }
    return List.copyOf(r);
  }

  private static void checkMachine(
      JsonNode m, String loc, Set<String> allowed, String inheritedLang, List<Problem> p) {
    m.fieldNames()
        .forEachRemaining(
            f -> {
              if (!allowed.contains(f)) {
                p.add(
                    new Problem(
                        "SCHEMA_VALIDATION_FAILED",
                        "These fields are not allowed: " + f,
                        loc + "/" + f));
              }
            });
    String lang = inheritedLang;
    if (m.has("QueryLanguage")) {
      lang = m.get("QueryLanguage").asText();
      if (!lang.equals(StateMachine.JSONPATH) && !lang.equals(StateMachine.JSONATA)) {
        p.add(
            new Problem(
                "SCHEMA_VALIDATION_FAILED",
                "QueryLanguage must be JSONPath or JSONata",
                loc + "/QueryLanguage"));
        lang = inheritedLang;
      } else if (inheritedLang.equals(StateMachine.JSONATA)
          && lang.equals(StateMachine.JSONPATH)
          && !loc.isEmpty()) {
        p.add(
            new Problem(
                "SCHEMA_VALIDATION_FAILED",
                "A JSONPath branch cannot be nested in a JSONata state",
                loc + "/QueryLanguage"));
      }
    }
    if (m.has("TimeoutSeconds")
        && (!m.get("TimeoutSeconds").canConvertToInt() || m.get("TimeoutSeconds").asInt() <= 0)) {
      p.add(
          new Problem(
              "SCHEMA_VALIDATION_FAILED",
              "TimeoutSeconds must be a positive integer",
              loc + "/TimeoutSeconds"));
    }
    JsonNode states = m.get("States");
    if (states == null || !states.isObject() || states.isEmpty()) {
      p.add(
          new Problem(
              "SCHEMA_VALIDATION_FAILED",
              "The field 'States' is required and must not be empty",
              loc + "/States"));
      return;
    }
    JsonNode startAt = m.get("StartAt");
    if (startAt == null || !startAt.isTextual()) {
      p.add(
          new Problem(
              "SCHEMA_VALIDATION_FAILED", "The field 'StartAt' is required", loc + "/StartAt"));
    } else if (!states.has(startAt.asText())) {
      p.add(
          new Problem(
              "MISSING_TRANSITION_TARGET",
              "Missing 'Next' target: " + startAt.asText(),
              loc + "/StartAt"));
    }
    final String machineLang = lang;
    states
        .fields()
        .forEachRemaining(
            e ->
                checkState(
                    e.getKey(),
                    e.getValue(),
                    loc + "/States/" + e.getKey(),
                    machineLang,
                    states,
                    p));
    if (startAt != null && states.has(startAt.asText())) {
      Set<String> reached = new HashSet<>();
      Deque<String> todo = new ArrayDeque<>(List.of(startAt.asText()));
      while (!todo.isEmpty()) {
        String n = todo.pop();
        if (!reached.add(n) || !states.has(n)) {
          continue;
        }
        JsonNode s = states.get(n);
        for (JsonNode t : targets(s)) {
          todo.push(t.asText());
        }
      }
      states
          .fieldNames()
          .forEachRemaining(
              n -> {
                if (!reached.contains(n)) {
                  p.add(
                      new Problem(
                          "UNREACHABLE_STATE",
                          "State '" + n + "' is not reachable",
                          loc + "/States/" + n));
                }
              });
    }
  }

  private static List<JsonNode> targets(JsonNode s) {
    List<JsonNode> t = new ArrayList<>();
    if (s.has("Next")) {
      t.add(s.get("Next"));
    }
    if (s.has("Default")) {
      t.add(s.get("Default"));
    }
    for (JsonNode c : s.path("Choices")) {
      if (c.has("Next")) {
        t.add(c.get("Next"));
      }
    }
    for (JsonNode c : s.path("Catch")) {
      if (c.has("Next")) {
        t.add(c.get("Next"));
      }
    }
    return t;
  }

  private static void checkState(
      String name, JsonNode s, String loc, String machineLang, JsonNode states, List<Problem> p) {
    if (name.length() > 80) {
      p.add(
          new Problem(
              "SCHEMA_VALIDATION_FAILED", "State names must be at most 80 characters", loc));
    }
    if (!s.isObject()) {
      p.add(new Problem("SCHEMA_VALIDATION_FAILED", "A state must be an object", loc));
      return;
    }
    String type = s.path("Type").asText(null);
    if (type == null || !TYPES.contains(type)) {
      p.add(new Problem("SCHEMA_VALIDATION_FAILED", "Type must be one of " + TYPES, loc + "/Type"));
      return;
    }
    String lang = s.path("QueryLanguage").asText(machineLang);
    if (s.has("QueryLanguage")
        && machineLang.equals(StateMachine.JSONATA)
        && lang.equals(StateMachine.JSONPATH)) {
      p.add(
          new Problem(
              "SCHEMA_VALIDATION_FAILED",
              "A state cannot use JSONPath when the state machine uses JSONata",
              loc + "/QueryLanguage"));
    }
    boolean jsonata = lang.equals(StateMachine.JSONATA);
    Set<String> allowed = FIELDS.get(type);
    s.fieldNames()
        .forEachRemaining(
            f -> {
              if (f.equals("Type") || f.equals("Comment") || f.equals("QueryLanguage")) {
                return;
              }
              if (!allowed.contains(f)
                  || (jsonata && JSONPATH_ONLY.contains(f))
                  || (!jsonata && JSONATA_ONLY.contains(f))) {
                p.add(
                    new Problem(
                        "SCHEMA_VALIDATION_FAILED",
                        "Field '"
                            + f
                            + "' is not supported by "
                            + type
                            + " states"
                            + (allowed.contains(f) ? " in " + lang : ""),
                        loc + "/" + f));
              }
            });
    boolean terminalType = type.equals("Succeed") || type.equals("Fail");
    if (!terminalType && !type.equals("Choice")) {
      boolean next = s.has("Next");
      boolean end = s.path("End").asBoolean(false);
      if (next == end) {
        p.add(
            new Problem(
                "SCHEMA_VALIDATION_FAILED",
                next
                    ? "A state cannot have both 'Next' and 'End'"
                    : "The state must have either 'Next' or 'End': true",
                loc + (next ? "/End" : "/Next")));
      }
    }
    if (s.has("Next") && (!s.get("Next").isTextual() || !states.has(s.get("Next").asText()))) {
      p.add(
          new Problem(
              "MISSING_TRANSITION_TARGET",
              "Missing 'Next' target: " + s.get("Next").asText(),
              loc + "/Next"));
    }
    if (!jsonata) {
      for (String f : List.of("InputPath", "OutputPath")) {
        if (s.has(f)
            && !s.get(f).isNull()
            && !(s.get(f).isTextual() && Paths.isValidExpression(s.get(f).asText()))) {
          p.add(new Problem("INVALID_JSON_PATH", f + " must be a valid JSONPath", loc + "/" + f));
        }
      }
      if (s.has("ResultPath")
          && !s.get("ResultPath").isNull()
          && !(s.get("ResultPath").isTextual()
              && Paths.isReference(s.get("ResultPath").asText()))) {
        p.add(
            new Problem(
                "INVALID_JSON_PATH",
                "ResultPath must be a valid reference path",
                loc + "/ResultPath"));
      }
      for (String f : List.of("Parameters", "ResultSelector", "ItemSelector")) {
        if (s.has(f)) {
          if (!s.get(f).isObject()) {
            p.add(new Problem("SCHEMA_VALIDATION_FAILED", f + " must be an object", loc + "/" + f));
          } else {
            Templates.validate(s.get(f), loc + "/" + f, p);
          }
        }
      }
      if (s.has("Assign")) {
        Templates.validate(s.get("Assign"), loc + "/Assign", p);
      }
      for (String f :
          List.of(
              "ItemsPath",
              "SecondsPath",
              "TimestampPath",
              "TimeoutSecondsPath",
              "HeartbeatSecondsPath",
              "MaxConcurrencyPath",
              "ToleratedFailureCountPath",
              "ToleratedFailurePercentagePath",
              "ErrorPath",
              "CausePath")) {
        if (s.has(f)
            && !(s.get(f).isTextual()
                && (Paths.isValidExpression(s.get(f).asText())
                    || (f.endsWith("ErrorPath") || f.endsWith("CausePath"))
                        && Intrinsics.isCall(s.get(f).asText())))) {
          p.add(new Problem("INVALID_JSON_PATH", f + " must be a valid JSONPath", loc + "/" + f));
        }
      }
    } else {
      checkJsonataStrings(s, loc, p);
    }
    exclusive(s, loc, p, "TimeoutSeconds", "TimeoutSecondsPath");
    exclusive(s, loc, p, "HeartbeatSeconds", "HeartbeatSecondsPath");
    exclusive(s, loc, p, "MaxConcurrency", "MaxConcurrencyPath");
    exclusive(s, loc, p, "Error", "ErrorPath");
    exclusive(s, loc, p, "Cause", "CausePath");
    exclusive(s, loc, p, "ItemProcessor", "Iterator");
    exclusive(s, loc, p, "ItemSelector", "Parameters");
    exclusive(s, loc, p, "ToleratedFailureCount", "ToleratedFailureCountPath");
    exclusive(s, loc, p, "ToleratedFailurePercentage", "ToleratedFailurePercentagePath");
    switch (type) {
      case "Task" -> checkTask(s, loc, jsonata, states, p);
      case "Choice" -> checkChoice(s, loc, jsonata, states, p);
      case "Wait" -> {
        int n = 0;
        for (String f : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
          n += s.has(f) ? 1 : 0;
        }
        if (n != 1) {
          p.add(
              new Problem(
                  "SCHEMA_VALIDATION_FAILED",
                  "A Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath",
                  loc));
        }
        if (!jsonata
            && s.has("Seconds")
            && !(s.get("Seconds").canConvertToLong()
                && s.get("Seconds").isIntegralNumber()
                && s.get("Seconds").asLong() >= 0)) {
          p.add(
              new Problem(
                  "SCHEMA_VALIDATION_FAILED",
                  "Seconds must be a non-negative integer",
                  loc + "/Seconds"));
        }
        if (!jsonata && s.has("Timestamp") && ChoiceRules.timestamp(s.get("Timestamp")) == null) {
          p.add(
              new Problem(
                  "SCHEMA_VALIDATION_FAILED",
                  "Timestamp must be an RFC 3339 timestamp",
                  loc + "/Timestamp"));
        }
      }
      case "Parallel" -> {
        JsonNode b = s.get("Branches");
        if (b == null || !b.isArray() || b.isEmpty()) {
          p.add(
              new Problem(
                  "SCHEMA_VALIDATION_FAILED",
                  "Branches must be a non-empty array",
                  loc + "/Branches"));
        } else {
          for (int i = 0; i < b.size(); i++) {
            checkMachine(b.get(i), loc + "/Branches/" + i, BRANCH_FIELDS, lang, p);
          }
        }
      }
      case "Map" -> {
        String f = s.has("Iterator") ? "Iterator" : "ItemProcessor";
        JsonNode proc = s.get(f);
        if (proc == null || !proc.isObject()) {
          p.add(
              new Problem(
                  "SCHEMA_VALIDATION_FAILED",
                  "A Map state needs an ItemProcessor",
                  loc + "/ItemProcessor"));
        } else {
          checkMachine(proc, loc + "/" + f, BRANCH_FIELDS, lang, p);
        }
        for (String unsupported : List.of("ItemReader", "ResultWriter", "ItemBatcher")) {
          if (s.has(unsupported)) {
            p.add(
                new Problem(
                    "SCHEMA_VALIDATION_FAILED",
                    unsupported + " (Distributed Map) is not supported by the local engine",
                    loc + "/" + unsupported));
          }
        }
        checkRetryCatch(s, loc, states, p);
      }
      case "Fail", "Succeed", "Pass" -> {}
      default -> {}
    }
    if (type.equals("Parallel")) {
      checkRetryCatch(s, loc, states, p);
    }
  }

  private static void checkJsonataStrings(JsonNode node, String loc, List<Problem> p) {
    for (String f :
        List.of(
            "Arguments",
            "Output",
            "Assign",
            "Items",
            "Seconds",
            "Timestamp",
            "TimeoutSeconds",
            "HeartbeatSeconds",
            "MaxConcurrency",
            "ToleratedFailureCount",
            "ToleratedFailurePercentage",
            "Error",
            "Cause",
            "ItemSelector")) {
      if (node.has(f)) {
        JsonataEval.validate(node.get(f), loc + "/" + f, p);
      }
    }
  }

  private static void exclusive(JsonNode s, String loc, List<Problem> p, String a, String b) {
    if (s.has(a) && s.has(b)) {
      p.add(
          new Problem(
              "SCHEMA_VALIDATION_FAILED",
              "'" + a + "' and '" + b + "' are mutually exclusive",
              loc + "/" + b));
    }
  }

  private static void checkTask(
      JsonNode s, String loc, boolean jsonata, JsonNode states, List<Problem> p) {
    JsonNode r = s.get("Resource");
    if (r == null || !r.isTextual()) {
      p.add(
          new Problem(
              "SCHEMA_VALIDATION_FAILED", "The field 'Resource' is required", loc + "/Resource"));
    } else {
      Resources.Resource res = Resources.parse(r.asText());
      if (res == null) {
        p.add(
            new Problem(
                "INVALID_RESOURCE",
                "Resource '"
                    + r.asText()
                    + "' is not supported (supported: Lambda function ARNs, "
                    + Resources.LAMBDA_INVOKE
                    + "[.waitForTaskToken], "
                    + Resources.SQS_SEND
                    + "[.waitForTaskToken])",
                loc + "/Resource"));
      } else if (res.kind() != Resources.Kind.LAMBDA_FUNCTION) {
        JsonNode params = s.get(jsonata ? "Arguments" : "Parameters");
        String required = res.kind() == Resources.Kind.LAMBDA_INVOKE ? "FunctionName" : "QueueUrl";
        if (params == null
            || (params.isObject() && !params.has(required) && !params.has(required + ".$"))) {
          p.add(
              new Problem(
                  "SCHEMA_VALIDATION_FAILED",
                  "The resource " + r.asText() + " needs the parameter " + required,
                  loc + (jsonata ? "/Arguments" : "/Parameters")));
        }
      }
    }
    for (String f : List.of("TimeoutSeconds", "HeartbeatSeconds")) {
      JsonNode v = s.get(f);
      if (v != null
          && !jsonata
          && !(v.isIntegralNumber() && v.asLong() > 0 && v.asLong() <= 99999999)) {
        p.add(
            new Problem(
                "SCHEMA_VALIDATION_FAILED", f + " must be a positive integer", loc + "/" + f));
      }
    }
    if (s.has("TimeoutSeconds")
        && s.has("HeartbeatSeconds")
        && s.get("TimeoutSeconds").isNumber()
        && s.get("HeartbeatSeconds").isNumber()
        && s.get("HeartbeatSeconds").asLong() >= s.get("TimeoutSeconds").asLong()) {
      p.add(
          new Problem(
              "SCHEMA_VALIDATION_FAILED",
              "HeartbeatSeconds must be smaller than TimeoutSeconds",
              loc + "/HeartbeatSeconds"));
    }
    checkRetryCatch(s, loc, states, p);
  }

  private static void checkRetryCatch(JsonNode s, String loc, JsonNode states, List<Problem> p) {
    JsonNode retry = s.get("Retry");
    if (retry != null) {
      if (!retry.isArray()) {
        p.add(new Problem("SCHEMA_VALIDATION_FAILED", "Retry must be an array", loc + "/Retry"));
      } else {
        for (int i = 0; i < retry.size(); i++) {
          JsonNode r = retry.get(i);
          String rl = loc + "/Retry/" + i;
          errorEquals(r, rl, i == retry.size() - 1, p);
          r.fieldNames()
              .forEachRemaining(
                  f -> {
                    if (!Set.of(
                            "ErrorEquals",
                            "IntervalSeconds",
                            "MaxAttempts",
                            "BackoffRate",
                            "MaxDelaySeconds",
                            "JitterStrategy",
                            "Comment")
                        .contains(f)) {
                      p.add(
                          new Problem(
                              "SCHEMA_VALIDATION_FAILED",
                              "Field '" + f + "' is not allowed in a retrier",
                              rl + "/" + f));
                    }
                  });
          if (r.has("IntervalSeconds")
              && !(r.get("IntervalSeconds").isIntegralNumber()
                  && r.get("IntervalSeconds").asLong() >= 1)) {
            p.add(
                new Problem(
                    "SCHEMA_VALIDATION_FAILED",
                    "IntervalSeconds must be a positive integer",
                    rl + "/IntervalSeconds"));
          }
          if (r.has("MaxAttempts")
              && !(r.get("MaxAttempts").isIntegralNumber() && r.get("MaxAttempts").asLong() >= 0)) {
            p.add(
                new Problem(
                    "SCHEMA_VALIDATION_FAILED",
                    "MaxAttempts must be a non-negative integer",
                    rl + "/MaxAttempts"));
          }
          if (r.has("BackoffRate")
              && !(r.get("BackoffRate").isNumber() && r.get("BackoffRate").asDouble() >= 1.0)) {
            p.add(
                new Problem(
                    "SCHEMA_VALIDATION_FAILED",
                    "BackoffRate must be a number >= 1.0",
                    rl + "/BackoffRate"));
          }
          if (r.has("MaxDelaySeconds")
              && !(r.get("MaxDelaySeconds").isIntegralNumber()
                  && r.get("MaxDelaySeconds").asLong() >= 1)) {
            p.add(
                new Problem(
                    "SCHEMA_VALIDATION_FAILED",
                    "MaxDelaySeconds must be a positive integer",
                    rl + "/MaxDelaySeconds"));
          }
          if (r.has("JitterStrategy")
              && !Set.of("FULL", "NONE").contains(r.get("JitterStrategy").asText())) {
            p.add(
                new Problem(
                    "SCHEMA_VALIDATION_FAILED",
                    "JitterStrategy must be FULL or NONE",
                    rl + "/JitterStrategy"));
          }
        }
      }
    }
    JsonNode c = s.get("Catch");
    if (c != null) {
      if (!c.isArray()) {
        p.add(new Problem("SCHEMA_VALIDATION_FAILED", "Catch must be an array", loc + "/Catch"));
        return;
      }
      for (int i = 0; i < c.size(); i++) {
        JsonNode r = c.get(i);
        String cl = loc + "/Catch/" + i;
        errorEquals(r, cl, i == c.size() - 1, p);
        if (!r.has("Next")) {
          p.add(
              new Problem(
                  "SCHEMA_VALIDATION_FAILED", "The field 'Next' is required", cl + "/Next"));
        } else if (!states.has(r.get("Next").asText())) {
          p.add(
              new Problem(
                  "MISSING_TRANSITION_TARGET",
                  "Missing 'Next' target: " + r.get("Next").asText(),
                  cl + "/Next"));
        }
        if (r.has("ResultPath")
            && !r.get("ResultPath").isNull()
            && !(r.get("ResultPath").isTextual()
                && Paths.isReference(r.get("ResultPath").asText()))) {
          p.add(
              new Problem(
                  "INVALID_JSON_PATH",
                  "ResultPath must be a valid reference path",
                  cl + "/ResultPath"));
        }
      }
    }
  }

  private static void errorEquals(JsonNode r, String loc, boolean last, List<Problem> p) {
    JsonNode e = r.get("ErrorEquals");
    if (e == null || !e.isArray() || e.isEmpty()) {
      p.add(
          new Problem(
              "SCHEMA_VALIDATION_FAILED",
              "ErrorEquals must be a non-empty array",
              loc + "/ErrorEquals"));
      return;
    }
    for (JsonNode x : e) {
      if (x.asText().equals(StatesError.ALL) && (e.size() != 1 || !last)) {
        p.add(
            new Problem(
                "SCHEMA_VALIDATION_FAILED",
                "States.ALL must appear alone and in the last retrier or catcher",
                loc + "/ErrorEquals"));
      }
    }
  }

  private static void checkChoice(
      JsonNode s, String loc, boolean jsonata, JsonNode states, List<Problem> p) {
    JsonNode choices = s.get("Choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      p.add(
          new Problem(
              "SCHEMA_VALIDATION_FAILED", "Choices must be a non-empty array", loc + "/Choices"));
    } else {
      for (int i = 0; i < choices.size(); i++) {
        JsonNode c = choices.get(i);
        String cl = loc + "/Choices/" + i;
        if (jsonata) {
          if (!c.has("Condition")) {
            p.add(
                new Problem(
                    "SCHEMA_VALIDATION_FAILED",
                    "The field 'Condition' is required",
                    cl + "/Condition"));
          } else {
            JsonataEval.validate(c.get("Condition"), cl + "/Condition", p);
          }
          if (!c.has("Next")) {
            p.add(
                new Problem(
                    "SCHEMA_VALIDATION_FAILED", "The field 'Next' is required", cl + "/Next"));
          }
        } else {
          ChoiceRules.validate(c, cl, true, p);
        }
        if (c.has("Next") && !states.has(c.get("Next").asText())) {
          p.add(
              new Problem(
                  "MISSING_TRANSITION_TARGET",
                  "Missing 'Next' target: " + c.get("Next").asText(),
                  cl + "/Next"));
        }
      }
    }
    if (s.has("Default") && !states.has(s.get("Default").asText())) {
      p.add(
          new Problem(
              "MISSING_TRANSITION_TARGET",
              "Missing 'Default' target: " + s.get("Default").asText(),
              loc + "/Default"));
    }
    if (s.has("End")) {
      p.add(
          new Problem(
              "SCHEMA_VALIDATION_FAILED", "A Choice state cannot have 'End'", loc + "/End"));
    }
  }
}
