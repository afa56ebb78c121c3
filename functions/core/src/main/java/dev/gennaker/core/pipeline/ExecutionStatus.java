package dev.gennaker.core.pipeline;

/** Where a whole pipeline execution stands. */
public enum ExecutionStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELED;

  /** True once the execution can change no more. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELED;
  }
}
