package dev.gennaker.agent.controlplane;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One command for the agent. Which fields matter depends on {@link #type()}; see {@code
 * docs/agent-protocol.md}.
 *
 * @param id unique id; the agent applies a command once per id
 * @param type {@code apply}, {@code patch}, {@code scale}, {@code undoRollout}, {@code delete} or
 *     {@code runJob}
 * @param namespace target namespace; objects without a namespace go there
 * @param timeoutSeconds how long to wait for stability (default 600)
 * @param tracking annotations written on everything applied (application, pipeline, execution,
 *     stage, version)
 * @param manifests YAML documents (apply, runJob)
 * @param manifestsRef blob reference to fetch the manifests from instead
 * @param force server-side apply takes ownership of conflicting fields (apply)
 * @param strategy deployment strategy (apply); rolling when absent
 * @param kind object kind (patch, scale, undoRollout, delete)
 * @param name object name (patch, scale, undoRollout, delete)
 * @param labelSelector delete by label selector instead of by name
 * @param patchType {@code strategic}, {@code merge} or {@code json} (patch)
 * @param patch the patch document (patch)
 * @param replicas desired replicas (scale)
 * @param revision revision to roll back to; previous when absent (undoRollout)
 * @param logLines lines of job logs to return (runJob, default 20)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Command(
    String id,
    String type,
    String namespace,
    Integer timeoutSeconds,
    Map<String, String> tracking,
    String manifests,
    String manifestsRef,
    Boolean force,
    Strategy strategy,
    String kind,
    String name,
    String labelSelector,
    String patchType,
    JsonNode patch,
    Integer replicas,
    Long revision,
    Integer logLines) {

  /**
   * How an apply replaces the running version.
   *
   * @param type {@code rolling}, {@code blueGreen}, {@code highlander} or {@code canary}
   * @param service the Service whose selector is switched (blueGreen, highlander); defaults to a
   *     Service in the manifests
   * @param version version label of the new workload (blueGreen, highlander); defaults to the
   *     tracking version or the command id
   * @param steps canary steps, in order; the rollout completes after the last step
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Strategy(String type, String service, String version, List<Step> steps) {}

  /**
   * A canary step: either {@code setWeight} (percent of replicas on the new version) or {@code
   * pauseSeconds}.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Step(Integer setWeight, Integer pauseSeconds) {}

  /** A minimal command of a type, for tests and tools; use the builder-like withers below. */
  public static Command of(String id, String type, String namespace) {
    return new Command(
        id, type, namespace, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null);
  }

  public Command withManifests(String yaml) {
    return new Command(
        id,
        type,
        namespace,
        timeoutSeconds,
        tracking,
        yaml,
        manifestsRef,
        force,
        strategy,
        kind,
        name,
        labelSelector,
        patchType,
        patch,
        replicas,
        revision,
        logLines);
  }

  public Command withTarget(String kind, String name) {
    return new Command(
        id,
        type,
        namespace,
        timeoutSeconds,
        tracking,
        manifests,
        manifestsRef,
        force,
        strategy,
        kind,
        name,
        labelSelector,
        patchType,
        patch,
        replicas,
        revision,
        logLines);
  }

  public Command withStrategy(Strategy strategy) {
    return new Command(
        id,
        type,
        namespace,
        timeoutSeconds,
        tracking,
        manifests,
        manifestsRef,
        force,
        strategy,
        kind,
        name,
        labelSelector,
        patchType,
        patch,
        replicas,
        revision,
        logLines);
  }

  public Command withTracking(Map<String, String> tracking) {
    return new Command(
        id,
        type,
        namespace,
        timeoutSeconds,
        tracking,
        manifests,
        manifestsRef,
        force,
        strategy,
        kind,
        name,
        labelSelector,
        patchType,
        patch,
        replicas,
        revision,
        logLines);
  }

  public Command withTimeoutSeconds(int seconds) {
    return new Command(
        id,
        type,
        namespace,
        seconds,
        tracking,
        manifests,
        manifestsRef,
        force,
        strategy,
        kind,
        name,
        labelSelector,
        patchType,
        patch,
        replicas,
        revision,
        logLines);
  }

  public Command withForce(boolean force) {
    return new Command(
        id,
        type,
        namespace,
        timeoutSeconds,
        tracking,
        manifests,
        manifestsRef,
        force,
        strategy,
        kind,
        name,
        labelSelector,
        patchType,
        patch,
        replicas,
        revision,
        logLines);
  }

  public Command withPatch(String patchType, JsonNode patch) {
    return new Command(
        id,
        type,
        namespace,
        timeoutSeconds,
        tracking,
        manifests,
        manifestsRef,
        force,
        strategy,
        kind,
        name,
        labelSelector,
        patchType,
        patch,
        replicas,
        revision,
        logLines);
  }

  public Command withReplicas(int replicas) {
    return new Command(
        id,
        type,
        namespace,
        timeoutSeconds,
        tracking,
        manifests,
        manifestsRef,
        force,
        strategy,
        kind,
        name,
        labelSelector,
        patchType,
        patch,
        replicas,
        revision,
        logLines);
  }

  public Command withRevision(Long revision) {
    return new Command(
        id,
        type,
        namespace,
        timeoutSeconds,
        tracking,
        manifests,
        manifestsRef,
        force,
        strategy,
        kind,
        name,
        labelSelector,
        patchType,
        patch,
        replicas,
        revision,
        logLines);
  }

  public Command withLabelSelector(String selector) {
    return new Command(
        id,
        type,
        namespace,
        timeoutSeconds,
        tracking,
        manifests,
        manifestsRef,
        force,
        strategy,
        kind,
        name,
        selector,
        patchType,
        patch,
        replicas,
        revision,
        logLines);
  }

  public Command withLogLines(int lines) {
    return new Command(
        id,
        type,
        namespace,
        timeoutSeconds,
        tracking,
        manifests,
        manifestsRef,
        force,
        strategy,
        kind,
        name,
        labelSelector,
        patchType,
        patch,
        replicas,
        revision,
        lines);
  }
}
