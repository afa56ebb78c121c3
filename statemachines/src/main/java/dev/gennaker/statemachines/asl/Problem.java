package dev.gennaker.statemachines.asl;

/**
 * One problem found in a definition, in the shape of a Step Functions validation diagnostic: a code
 * ({@code MISSING_TRANSITION_TARGET}, {@code SCHEMA_VALIDATION_FAILED}...), a message, and a
 * JSON-pointer-like location ({@code /States/Foo/Next}).
 */
public record Problem(String code, String message, String location) {
  @Override
  public String toString() {
    return code + ": " + message + " at " + location;
  }
}
