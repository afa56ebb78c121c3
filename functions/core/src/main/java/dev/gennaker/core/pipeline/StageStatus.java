package dev.gennaker.core.pipeline;

/** Where one stage of an execution stands. */
public enum StageStatus {
  NOT_STARTED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  SKIPPED,
  CANCELED;

  /** True once the stage can change no more. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == SKIPPED || this == CANCELED;
  }
}
