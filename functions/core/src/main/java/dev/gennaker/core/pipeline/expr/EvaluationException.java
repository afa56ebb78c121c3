package dev.gennaker.core.pipeline.expr;

/** An expression could not be evaluated; the message is for the user. */
public final class EvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EvaluationException(String message) {
    super(message);
  }
}
