package dev.gennaker.core.approval;

import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.store.InMemoryPaging;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.store.SortableTime;
import dev.gennaker.core.tenant.TenantId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link ApprovalStore} and {@link ApprovalTaskTokens} in memory, for tests and tools. Runs the
 * same contract suite.
 */
public final class InMemoryApprovalStore implements ApprovalStore, ApprovalTaskTokens {
  private final PageTokens tokens;
  private final Map<String, Approval> approvals = new HashMap<>();
  private final Map<String, String> taskTokens = new HashMap<>();

  public InMemoryApprovalStore(PageTokens tokens) {
    this.tokens = tokens;
  }

  private static String key(TenantId tenant, String executionId, String approvalId) {
    return tenant.value() + "/" + executionId + "/" + approvalId;
  }

  @Override
  public synchronized Approval create(Approval approval, String taskToken) {
    String k = key(approval.tenant(), approval.executionId(), approval.approvalId());
    if (approvals.containsKey(k)) {
      throw new AlreadyExistsException("approval " + approval.approvalId() + " already exists");
    }
    Approval stored = approval.atVersion(1);
    approvals.put(k, stored);
    taskTokens.put(k, taskToken);
    return stored;
  }

  @Override
  public synchronized Optional<Approval> get(
      TenantId tenant, String executionId, String approvalId) {
    return Optional.ofNullable(approvals.get(key(tenant, executionId, approvalId)));
  }

  @Override
  public synchronized Approval decide(
      TenantId tenant, String executionId, String approvalId, Decision decision) {
    String k = key(tenant, executionId, approvalId);
    Approval current = approvals.get(k);
    if (current == null) {
      throw new NotFoundException("approval " + approvalId + " does not exist");
    }
    if (current.status() != ApprovalStatus.PENDING) {
      throw ApprovalConflicts.alreadyDecided(current);
    }
    Approval decided = current.decided(decision, current.version() + 1);
    approvals.put(k, decided);
    return decided;
  }

  @Override
  public synchronized Page<Approval> listForExecution(
      TenantId tenant, String executionId, PageRequest page) {
    TreeMap<String, Approval> sorted = new TreeMap<>();
    approvals.values().stream()
        .filter(a -> a.tenant().equals(tenant) && a.executionId().equals(executionId))
        .forEach(a -> sorted.put(a.approvalId(), a));
    return InMemoryPaging.page(tokens, tenant, "approvals:" + executionId, sorted, page);
  }

  @Override
  public synchronized Page<Approval> listPending(TenantId tenant, PageRequest page) {
    TreeMap<String, Approval> sorted = new TreeMap<>();
    approvals.values().stream()
        .filter(a -> a.tenant().equals(tenant) && a.status() == ApprovalStatus.PENDING)
        .forEach(
            a ->
                sorted.put(
                    SortableTime.format(a.requestedAt())
                        + "#"
                        + a.executionId()
                        + "#"
                        + a.approvalId(),
                    a));
    return InMemoryPaging.page(tokens, tenant, "approvals:pending", sorted, page);
  }

  @Override
  public synchronized Optional<String> taskToken(
      TenantId tenant, String executionId, String approvalId) {
    return Optional.ofNullable(taskTokens.get(key(tenant, executionId, approvalId)));
  }
}
