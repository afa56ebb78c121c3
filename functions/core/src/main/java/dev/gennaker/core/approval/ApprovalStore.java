package dev.gennaker.core.approval;

import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.tenant.TenantId;
import java.util.Optional;

/**
 * Approvals as API callers and the Slack handler see them. Policy (allowed roles, the trigger's
 * actor may not approve) is checked by the use case before {@link #decide}; this port guarantees
 * only that an approval is decided exactly once.
 *
 * <p>All methods may also throw {@link dev.gennaker.core.store.StoreUnavailableException}; listings
 * throw {@link dev.gennaker.core.store.InvalidPageTokenException} for a token of another tenant or
 * query. Thread-safe.
 */
public interface ApprovalStore {

  /**
   * Stores a new pending approval at version 1 with the task token that resumes the waiting state
   * machine. The token is never returned by this port (see {@link ApprovalTaskTokens}).
   *
   * @throws AlreadyExistsException if the approval exists (a retried task must read it instead)
   */
  Approval create(Approval approval, String taskToken);

  Optional<Approval> get(TenantId tenant, String executionId, String approvalId);

  /**
   * Decides a pending approval. Exactly one of any number of concurrent deciders wins; the others
   * get a {@link ConflictException} naming the decision that was already taken. Not idempotent on
   * purpose: a second click must learn it lost.
   *
   * @return the decided approval at its next version
   * @throws ConflictException if the approval is no longer pending
   * @throws NotFoundException if there is no such approval
   */
  Approval decide(TenantId tenant, String executionId, String approvalId, Decision decision);

  /** The approvals of one execution, ordered by approval id. */
  Page<Approval> listForExecution(TenantId tenant, String executionId, PageRequest page);

  /**
   * The tenant's pending approvals, oldest request first. May lag a just-committed create or
   * decision by a moment (index read); {@link #get} never lags.
   */
  Page<Approval> listPending(TenantId tenant, PageRequest page);
}
