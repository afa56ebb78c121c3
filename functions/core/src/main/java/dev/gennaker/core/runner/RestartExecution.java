package dev.gennaker.core.runner;

import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.execution.Trigger;
import dev.gennaker.core.pipeline.Pipeline;
import dev.gennaker.core.pipeline.Stage;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Runs an ended execution again from one stage: a new execution of the same pipeline version,
 * trigger and parameters, linked to the old one ({@code restartOf}), in which the stages not
 * downstream of the chosen one keep their earlier results and outputs, and the chosen stage and
 * everything after it run again.
 */
public final class RestartExecution {
  private final RunnerServices s;

  public RestartExecution(RunnerServices services) {
    this.s = services;
  }

  /** Restart refused, for a reason the caller can act on. */
  public static final class RestartRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RestartRefusedException(String message) {
      super(message);
    }
  }

  /** Restarts on behalf of {@code who}, who needs the deployer role. */
  public Execution restart(
      dev.gennaker.core.tenant.Principal who, String executionId, String fromStage) {
    who.require(dev.gennaker.core.tenant.Role.DEPLOYER);
    return restart(who.tenant(), executionId, fromStage, who.userId());
  }

  public Execution restart(TenantId tenant, String executionId, String fromStage, String actor) {
    ExecutionView old = ExecutionView.load(s, tenant, executionId);
    if (!old.execution.status().isTerminal()) {
      throw new RestartRefusedException(
          "execution "
              + executionId
              + " is still "
              + old.execution.status().name().toLowerCase()
              + "; cancel it or wait for it to end");
    }
    Pipeline pipeline = old.pipeline;
    if (pipeline.stage(fromStage).isEmpty()) {
      throw new NotFoundException("stage " + fromStage + " in execution " + executionId);
    }
    Set<String> rerun = downstreamOf(pipeline, fromStage);
    Instant now = s.clock().instant();
    Map<String, String> details = new HashMap<>(old.execution.trigger().details());
    details.put("restartOf", executionId);
    details.put("restartFrom", fromStage);
    Execution next =
        s.executions()
            .create(
                Execution.queued(
                    tenant,
                    StartExecution.newId(now),
                    old.execution.application(),
                    old.execution.pipeline(),
                    old.execution.pipelineVersion(),
                    new Trigger(old.execution.trigger().type(), actor, details),
                    old.execution.parameters(),
                    old.execution.artifacts(),
                    now));
    for (Stage stage : pipeline.stages()) {
      StageRecord earlier = old.records.get(stage.id());
      if (rerun.contains(stage.id()) || earlier == null || !earlier.status().isTerminal()) {
        continue;
      }
      s.executions()
          .createStage(
              new StageRecord(
                  tenant,
                  next.executionId(),
                  stage.id(),
                  earlier.type(),
                  earlier.status(),
                  earlier.attempts(),
                  earlier.outputs(),
                  earlier.error(),
                  earlier.startedAt(),
                  earlier.finishedAt(),
                  0));
    }
    ExecutionView.event(
        s,
        next,
        "execution.queued",
        null,
        "restart of " + executionId + " from stage " + fromStage + " by " + actor,
        now);
    String arn =
        s.orchestrator()
            .start(
                tenant,
                next.executionId(),
                "{\"tenantId\":\""
                    + tenant.value()
                    + "\",\"executionId\":\""
                    + next.executionId()
                    + "\"}");
    Execution current = s.executions().get(tenant, next.executionId()).orElseThrow();
    return s.executions().update(current.withStateMachineExecutionArn(arn));
  }

  /** The stage and every stage that depends on it, directly or not. */
  static Set<String> downstreamOf(Pipeline pipeline, String stageId) {
    Set<String> out = new HashSet<>();
    out.add(stageId);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Stage s : pipeline.stages()) {
        if (!out.contains(s.id()) && s.dependsOn().stream().anyMatch(out::contains)) {
          out.add(s.id());
          grew = true;
        }
      }
    }
    return out;
  }
}
