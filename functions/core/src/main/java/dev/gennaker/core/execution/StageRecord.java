package dev.gennaker.core.execution;

import dev.gennaker.core.pipeline.StageStatus;
import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one stage of one execution. {@code outputs} are small values visible to later
 * stages (blob references for anything large). {@code version} is the stored revision used for
 * optimistic concurrency (0 before the first write).
 */
public record StageRecord(
    TenantId tenant,
    String executionId,
    String stageId,
    String type,
    StageStatus status,
    int attempts,
    Map<String, String> outputs,
    Optional<String> error,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    long version) {
  public StageRecord {
    Objects.requireNonNull(tenant, "tenant");
    Ids.require("execution id", executionId);
    Ids.require("stage id", stageId);
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    outputs = Map.copyOf(outputs);
    SmallValues.check("stage outputs", outputs);
    error = error == null ? Optional.empty() : error;
    startedAt = startedAt == null ? Optional.empty() : startedAt;
    finishedAt = finishedAt == null ? Optional.empty() : finishedAt;
  }

  /** A stage that has not started (version 0, not yet stored). */
  public static StageRecord notStarted(
      TenantId tenant, String executionId, String stageId, String type) {
    return new StageRecord(
        tenant,
        executionId,
        stageId,
        type,
        StageStatus.NOT_STARTED,
        0,
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0);
  }

  /** Starts another attempt. */
  public StageRecord started(Instant at) {
    return new StageRecord(
        tenant,
        executionId,
        stageId,
        type,
        StageStatus.RUNNING,
        attempts + 1,
        outputs,
        Optional.empty(),
        Optional.of(at),
        Optional.empty(),
        version);
  }

  /** Ends the stage with a terminal status, outputs and an optional error. */
  public StageRecord finished(
      StageStatus terminal, Map<String, String> outs, Optional<String> err, Instant at) {
    if (!terminal.isTerminal()) {
      throw new IllegalArgumentException("not a terminal status: " + terminal);
    }
    return new StageRecord(
        tenant,
        executionId,
        stageId,
        type,
        terminal,
        attempts,
        outs,
        err,
        startedAt,
        Optional.of(at),
        version);
  }

  /** The same record at another stored revision (used by stores). */
  public StageRecord atVersion(long v) {
    return new StageRecord(
        tenant,
        executionId,
        stageId,
        type,
        status,
        attempts,
        outputs,
        error,
        startedAt,
        finishedAt,
        v);
  }
}
