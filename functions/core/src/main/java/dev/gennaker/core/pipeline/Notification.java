package dev.gennaker.core.pipeline;

import java.util.List;

/**
 * Where and when a pipeline reports.
 *
 * @param slackChannel a channel name ({@code #deploys}) or id
 * @param on the events that are reported
 */
public record Notification(String slackChannel, List<Event> on) {

  /** The moments of an execution a notification can report. */
  public enum Event {
    STARTED("started"),
    STAGE_FAILED("stageFailed"),
    AWAITING_APPROVAL("awaitingApproval"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    CANCELED("canceled"),
    DRIFT_DETECTED("driftDetected");

    private final String yamlName;

    Event(String yamlName) {
      this.yamlName = yamlName;
    }

    public String yamlName() {
      return yamlName;
    }
  }
}
