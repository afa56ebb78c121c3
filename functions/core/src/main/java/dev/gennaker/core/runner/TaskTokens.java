package dev.gennaker.core.runner;

import dev.gennaker.core.tenant.TenantId;
import java.util.Optional;

/**
 * Where the task tokens of waiting stages are kept, readable only by the control plane: an agent
 * result or an approval decision finds the token here by execution, stage and attempt, never from
 * the caller. Puts are idempotent (the same key keeps the latest token: a retried start replaces
 * it). Thread-safe.
 */
public interface TaskTokens {

  void put(TenantId tenant, String executionId, String stageId, int attempt, String token);

  Optional<String> get(TenantId tenant, String executionId, String stageId, int attempt);

  /** Forgets a token once used. Idempotent. */
  void remove(TenantId tenant, String executionId, String stageId, int attempt);
}
