package dev.gennaker.statemachines.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task function that answers from a script: a JSON array of outcomes consumed in order, the last
 * one repeating, each {@code {"result": <any JSON>}} or {@code {"error": "Name", "cause": "text"}}.
 * It exercises Retry and Catch without writing functions (the CLI's {@code --task}).
 */
public final class ScriptedTask implements TaskFunction {
  private final List<JsonNode> outcomes;
  private final AtomicInteger calls = new AtomicInteger();

  private ScriptedTask(List<JsonNode> outcomes) {
    this.outcomes = outcomes;
  }

  /**
   * Builds a script, checking its shape.
   *
   * @throws IllegalArgumentException naming the first bad outcome
   */
  public static ScriptedTask of(JsonNode script) {
    if (!script.isArray() || script.isEmpty()) {
      throw new IllegalArgumentException(
          "a task script must be a non-empty JSON array of outcomes");
    }
    List<JsonNode> l = new ArrayList<>();
    for (int i = 0; i < script.size(); i++) {
      JsonNode o = script.get(i);
      if (!o.isObject() || (o.has("result") == o.has("error"))) {
        throw new IllegalArgumentException(
            "outcome "
                + i
                + " must be {\"result\": ...} or {\"error\": \"Name\", \"cause\": \"...\"}");
      }
      l.add(o);
    }
    return new ScriptedTask(List.copyOf(l));
  }

  /** How many times the task was called. */
  public int calls() {
    return calls.get();
  }

  @Override
  public JsonNode apply(JsonNode input) throws TaskFailure {
    int n = calls.getAndIncrement();
    JsonNode o = outcomes.get(Math.min(n, outcomes.size() - 1));
    if (o.has("error")) {
      throw new TaskFailure(o.get("error").asText(), o.path("cause").asText(""));
    }
    return o.get("result");
  }
}
