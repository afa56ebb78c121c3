package dev.gennaker.core.runner;

import dev.gennaker.core.tenant.TenantId;

/**
 * The per-tenant runner state machines (AWS Step Functions, or the local ASL engine through the
 * same API). Payloads are small JSON documents of ids; never manifests, logs or secrets.
 * Implementations translate the engine's errors: an unknown or already used task token is {@link
 * TaskTokenGoneException}. Thread-safe.
 */
public interface Orchestrator {

  /**
   * Creates the tenant's runner state machine, or brings its definition up to date. Idempotent:
   * onboarding calls it again after a failure, and deploys call it for every tenant.
   *
   * @return the state machine's ARN
   */
  String provisionTenant(TenantId tenant);

  /** Deletes the tenant's runner state machine. Idempotent: an absent one is fine. */
  void deprovisionTenant(TenantId tenant);

  /**
   * Starts the runner for one execution. Idempotent: starting the same execution id again while it
   * runs returns the same run.
   *
   * @return the state machine execution's ARN
   */
  String start(TenantId tenant, String executionId, String inputJson);

  /** Resumes a waiting stage with its result. */
  void sendTaskSuccess(String taskToken, String outputJson);

  /** Fails a waiting stage; {@code error} is what the state machine's Catch sees. */
  void sendTaskFailure(String taskToken, String error, String cause);

  /** Tells the engine the waiting stage is still alive (agent progress). */
  void sendTaskHeartbeat(String taskToken);

  /** Stops a run. Idempotent: stopping a stopped run does nothing. */
  void stop(String executionArn, String error, String cause);

  /** A task token the engine no longer knows: the stage already ended or timed out. */
  final class TaskTokenGoneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TaskTokenGoneException(String message) {
      super(message);
    }
  }
}
