package dev.gennaker.statemachines.engine;

/** A task's own failure: an error name (matched by Retry and Catch) and a cause. */
public class TaskFailure extends Exception {
  private static final long serialVersionUID = 1L;
  private final String error;
  private final String errorCause;

  public TaskFailure(String error, String cause) {
    super(error + ": " + cause, null, false, false);
    this.error = error;
    this.errorCause = cause;
  }

  public String error() {
    return error;
  }

  public String cause() {
    return errorCause;
  }
}
