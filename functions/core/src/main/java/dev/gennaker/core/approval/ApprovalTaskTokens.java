package dev.gennaker.core.approval;

import dev.gennaker.core.tenant.TenantId;
import java.util.Optional;

/**
 * Control-plane only: reads the state machine task token stored with an approval, so the task
 * function that releases a decided approval can call SendTaskSuccess/Failure. Wire it only into
 * control-plane task functions, never into API, portal or Slack handlers. The token is a secret:
 * never log it. May throw {@link dev.gennaker.core.store.StoreUnavailableException}. Thread-safe.
 */
public interface ApprovalTaskTokens {

  /** The task token, or empty if there is no such approval. */
  Optional<String> taskToken(TenantId tenant, String executionId, String approvalId);
}
