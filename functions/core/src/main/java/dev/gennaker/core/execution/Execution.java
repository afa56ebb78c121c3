package dev.gennaker.core.execution;

import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of one version of a pipeline. {@code version} is the stored revision used for optimistic
 * concurrency (0 before the first write); {@code stateMachineExecutionArn} is set once the
 * orchestrator has started it.
 */
public record Execution(
    TenantId tenant,
    String executionId,
    String application,
    String pipeline,
    int pipelineVersion,
    ExecutionStatus status,
    Trigger trigger,
    Map<String, String> parameters,
    List<Artifact> artifacts,
    Instant createdAt,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    Optional<String> stateMachineExecutionArn,
    long version) {
  public Execution {
    Objects.requireNonNull(tenant, "tenant");
    Ids.require("execution id", executionId);
    Ids.require("application", application);
    Ids.require("pipeline", pipeline);
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(trigger, "trigger");
    parameters = Map.copyOf(parameters);
    SmallValues.check("execution parameters", parameters);
    artifacts = List.copyOf(artifacts);
    Objects.requireNonNull(createdAt, "createdAt");
    startedAt = startedAt == null ? Optional.empty() : startedAt;
    finishedAt = finishedAt == null ? Optional.empty() : finishedAt;
    stateMachineExecutionArn =
        stateMachineExecutionArn == null ? Optional.empty() : stateMachineExecutionArn;
  }

  /** A new, queued execution (version 0, not yet stored). */
  public static Execution queued(
      TenantId tenant,
      String executionId,
      String application,
      String pipeline,
      int pipelineVersion,
      Trigger trigger,
      Map<String, String> parameters,
      List<Artifact> artifacts,
      Instant createdAt) {
    return new Execution(
        tenant,
        executionId,
        application,
        pipeline,
        pipelineVersion,
        ExecutionStatus.QUEUED,
        trigger,
        parameters,
        artifacts,
        createdAt,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0);
  }

  public Execution withStatus(ExecutionStatus next, Instant at) {
    Optional<Instant> started =
        next == ExecutionStatus.RUNNING && startedAt.isEmpty() ? Optional.of(at) : startedAt;
    Optional<Instant> finished = next.isTerminal() ? Optional.of(at) : finishedAt;
    return new Execution(
        tenant,
        executionId,
        application,
        pipeline,
        pipelineVersion,
        next,
        trigger,
        parameters,
        artifacts,
        createdAt,
        started,
        finished,
        stateMachineExecutionArn,
        version);
  }

  public Execution withStateMachineExecutionArn(String arn) {
    return new Execution(
        tenant,
        executionId,
        application,
        pipeline,
        pipelineVersion,
        status,
        trigger,
        parameters,
        artifacts,
        createdAt,
        startedAt,
        finishedAt,
        Optional.of(arn),
        version);
  }

  /** The same execution at another stored revision (used by stores). */
  public Execution atVersion(long v) {
    return new Execution(
        tenant,
        executionId,
        application,
        pipeline,
        pipelineVersion,
        status,
        trigger,
        parameters,
        artifacts,
        createdAt,
        startedAt,
        finishedAt,
        stateMachineExecutionArn,
        v);
  }
}
