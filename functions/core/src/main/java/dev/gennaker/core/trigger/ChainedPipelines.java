package dev.gennaker.core.trigger;

import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.pipeline.Trigger;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.runner.StartExecution;
import dev.gennaker.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts the pipelines whose {@code pipeline} trigger names a pipeline that just ended with one of
 * the listed statuses, passing the upstream's artifacts and trigger details on.
 *
 * <p>Idempotent: the child's execution id is derived from the upstream execution id and the child
 * pipeline, so an end reported twice starts each child once. Never throws into the runner: a child
 * that cannot start (unknown pipeline, required parameters without defaults) is logged and skipped.
 * Chains stop after {@value #MAX_DEPTH} links, so a pipeline that (directly or through others)
 * triggers itself cannot loop forever. Starting a child writes a few items and calls the
 * orchestrator once, synchronously, from the runner's Finish task.
 */
public final class ChainedPipelines implements Notifier {
  private static final System.Logger LOG = System.getLogger(ChainedPipelines.class.getName());
  static final int MAX_DEPTH = 10;

  private final TenantPipelines pipelines;
  private final Supplier<StartExecution> start;

  /**
   * @param start the use case that starts children; a supplier because the runner's services that
   *     build it include this notifier
   */
  public ChainedPipelines(TenantPipelines pipelines, Supplier<StartExecution> start) {
    this.pipelines = pipelines;
    this.start = start;
  }

  @Override
  public void notify(Event event, Execution execution, String stageId, String detail) {
    if (event != Event.SUCCEEDED && event != Event.FAILED && event != Event.CANCELED) {
      return;
    }
    try {
      started(execution);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "tenant "
              + execution.tenant()
              + " execution "
              + execution.executionId()
              + ": chained pipelines not started: "
              + e);
    }
  }

  /** Starts the children of {@code upstream} (which must have ended) and returns their ids. */
  public List<String> started(Execution upstream) {
    List<String> ids = new ArrayList<>();
    if (!upstream.status().isTerminal()) {
      return ids;
    }
    TenantId tenant = upstream.tenant();
    if (TriggerContext.chainDepth(upstream) >= MAX_DEPTH) {
      LOG.log(
          System.Logger.Level.WARNING,
          "tenant "
              + tenant
              + " execution "
              + upstream.executionId()
              + ": chain is "
              + MAX_DEPTH
              + " pipelines deep; not starting more");
      return ids;
    }
    for (TenantPipelines.Candidate c : pipelines.list(tenant)) {
      boolean match = false;
      for (Trigger t : c.pipeline().triggers()) {
        if (t instanceof Trigger.PipelineEnded p
            && TriggerMatcher.matches(p, upstream.pipeline(), upstream.status())) {
          match = true;
        }
      }
      if (!match) {
        continue;
      }
      String id =
          ExecutionIds.derive(
              "chain", tenant.value(), upstream.executionId(), c.application(), c.name());
      try {
        ids.add(
            new IdempotentStart(start)
                .start(
                    tenant,
                    c.application(),
                    c.name(),
                    TriggerContext.chained(upstream),
                    Map.of(),
                    upstream.artifacts(),
                    id)
                .executionId());
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "tenant "
                + tenant
                + ": pipeline "
                + c.name()
                + " not started after "
                + upstream.executionId()
                + ": "
                + e.getMessage());
      }
    }
    return ids;
  }
}
