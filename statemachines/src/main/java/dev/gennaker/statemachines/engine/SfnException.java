package dev.gennaker.statemachines.engine;

/**
 * A Step Functions API error: {@code type} is the AWS error name ({@code StateMachineDoesNotExist},
 * {@code ExecutionAlreadyExists}, {@code InvalidToken}...), which the HTTP server puts in {@code
 * __type}.
 */
public final class SfnException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String type;

  public SfnException(String type, String message) {
    super(message, null, false, false);
    this.type = type;
  }

  public String type() {
    return type;
  }
}
