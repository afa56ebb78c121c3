package dev.gennaker.core.trigger;

import dev.gennaker.core.execution.Artifact;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.Trigger;
import dev.gennaker.core.runner.StartExecution;
import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts an execution under a derived id so that concurrent starts of the same id (the same
 * delivery processed twice at once, two schedulers, an end reported twice) all return the one
 * execution: the loser of the race to create the record starts again and finds it. The
 * orchestrator's start is idempotent for one execution id, so a second call for it is harmless.
 */
public final class IdempotentStart {
  private final Supplier<StartExecution> start;

  public IdempotentStart(Supplier<StartExecution> start) {
    this.start = start;
  }

  /**
   * @throws StartExecution.InvalidParametersException if the pipeline needs parameters
   * @throws dev.gennaker.core.store.NotFoundException if the pipeline does not exist
   */
  public Execution start(
      TenantId tenant,
      String application,
      String pipeline,
      Trigger trigger,
      Map<String, String> parameters,
      List<Artifact> artifacts,
      String executionId) {
    try {
      return start
          .get()
          .start(tenant, application, pipeline, trigger, parameters, artifacts, executionId);
    } catch (AlreadyExistsException race) {
      return start
          .get()
          .start(tenant, application, pipeline, trigger, parameters, artifacts, executionId);
    }
  }
}
