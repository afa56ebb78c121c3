package dev.gennaker.statemachines.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** The one JSON mapper of the engine, and small helpers around it. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  public static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Json() {}

  /** Parses JSON text; malformed text is a {@link StatesError} with the given error name. */
  public static JsonNode parse(String text, String errorName) {
    try {
      JsonNode n = MAPPER.readTree(text);
      if (n == null) {
        throw new StatesError(errorName, "empty JSON text");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new StatesError(errorName, "invalid JSON: " + e.getOriginalMessage());
    }
  }

  /** Parses JSON text, throwing {@link IllegalArgumentException} when it is not JSON. */
  public static JsonNode parse(String text) {
    try {
      JsonNode n = MAPPER.readTree(text);
      if (n == null) {
        throw new IllegalArgumentException("empty JSON text");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static String write(JsonNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static int utf8Size(JsonNode n) {
    return write(n).getBytes(StandardCharsets.UTF_8).length;
  }

  public static ObjectNode object() {
    return F.objectNode();
  }

  /** A shallow copy: children are shared, which is safe because shared trees are immutable. */
  public static ObjectNode shallowCopy(ObjectNode o) {
    ObjectNode c = F.objectNode();
    c.setAll(o);
    return c;
  }

  public static Object toJava(JsonNode n) {
    return MAPPER.convertValue(n, Object.class);
  }

  public static JsonNode fromJava(Object o) {
    return MAPPER.valueToTree(o);
  }
}
