package dev.gennaker.agent.controlplane;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a command, keyed by its id.
 *
 * @param commandId the command's id
 * @param status {@code succeeded}, {@code failed} or {@code refused}
 * @param message one readable sentence: what happened, or which object and condition failed
 * @param objects every object the command touched, with its health at the end
 * @param events the last warning events of the failed object's pods
 * @param logs the last lines of a job's logs (runJob)
 * @param outputs values for later stages (e.g. {@code revision})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CommandResult(
    String commandId,
    String status,
    String message,
    List<ObjectStatus> objects,
    List<String> events,
    String logs,
    Map<String, String> outputs) {

  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String REFUSED = "refused";

  /**
   * One object and its health.
   *
   * @param health {@code HEALTHY}, {@code PROGRESSING}, {@code DEGRADED}, … (see {@code
   *     HealthState})
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ObjectStatus(
      String kind, String namespace, String name, String health, String message) {}

  public boolean succeeded() {
    return SUCCEEDED.equals(status);
  }
}
