package dev.gennaker.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A validated state machine, or one branch of a Parallel state, or the item processor of a Map. The
 * states keep their JSON so that type-specific fields are read where they are used.
 */
public record StateMachine(
    String startAt, Map<String, State> states, String queryLanguage, Integer timeoutSeconds) {

  public static final String JSONPATH = "JSONPath";
  public static final String JSONATA = "JSONata";

  public State state(String name) {
    State s = states.get(name);
    if (s == null) {
      throw new StatesError(StatesError.RUNTIME, "No state named " + name);
    }
    return s;
  }

  /** One state; {@code queryLanguage} is the effective one (the state's, else the machine's). */
  public record State(
      String name,
      String type,
      ObjectNode node,
      String queryLanguage,
      List<Retrier> retry,
      List<Catcher> catchers,
      List<StateMachine> branches,
      StateMachine processor) {

    public boolean jsonata() {
      return JSONATA.equals(queryLanguage);
    }

    public String next() {
      JsonNode n = node.get("Next");
      return n == null ? null : n.asText();
    }

    public boolean end() {
      return node.path("End").asBoolean(false) || type.equals("Succeed") || type.equals("Fail");
    }

    public JsonNode field(String name) {
      return node.get(name);
    }

    public String text(String name) {
      JsonNode n = node.get(name);
      return n == null || n.isNull() ? null : n.asText();
    }

    public boolean has(String name) {
      return node.has(name);
    }
  }

  /** One Retry entry, with AWS's defaults applied. */
  public record Retrier(
      List<String> errorEquals,
      double intervalSeconds,
      int maxAttempts,
      double backoffRate,
      Long maxDelaySeconds,
      boolean fullJitter) {}

  /**
   * One Catch entry. {@code resultPath} is "$" when absent and null when explicitly null (discard
   * the error output).
   */
  public record Catcher(
      List<String> errorEquals, String resultPath, String next, JsonNode assign, JsonNode output) {}
}
