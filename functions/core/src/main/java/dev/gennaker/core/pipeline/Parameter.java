package dev.gennaker.core.pipeline;

/**
 * A value a manual or API start may pass, typed, with an optional default.
 *
 * @param defaultValue a String, Double or Boolean matching {@code type}, or null when the start
 *     must give it
 */
public record Parameter(String name, Type type, Object defaultValue, String description) {

  /** The types a parameter can have. */
  public enum Type {
    STRING("string"),
    NUMBER("number"),
    BOOLEAN("boolean");

    private final String yamlName;

    Type(String yamlName) {
      this.yamlName = yamlName;
    }

    public String yamlName() {
      return yamlName;
    }

    public boolean accepts(Object value) {
      return switch (this) {
        case STRING -> value instanceof String;
        case NUMBER -> value instanceof Number;
        case BOOLEAN -> value instanceof Boolean;
      };
    }
  }

  public boolean required() {
    return defaultValue == null;
  }
}
