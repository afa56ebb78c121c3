package dev.gennaker.aws.dynamodb;

import static dev.gennaker.aws.dynamodb.ItemTable.item;
import static dev.gennaker.aws.dynamodb.ItemTable.s;

import dev.gennaker.aws.dynamodb.ItemTable.KeyQuery;
import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.approval.ApprovalConflicts;
import dev.gennaker.core.approval.ApprovalStatus;
import dev.gennaker.core.approval.ApprovalStore;
import dev.gennaker.core.approval.ApprovalTaskTokens;
import dev.gennaker.core.approval.Decision;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link ApprovalStore} and {@link ApprovalTaskTokens} on the single table. An approval is the item
 * {@code APPROVAL#<id>} in its execution's partition. The task token is a separate attribute, never
 * part of the JSON document that {@link ApprovalStore} decodes. While pending, the item is also in
 * GSI1 under {@code T#<tenant>#APPROVALS#PENDING}; deciding removes those attributes, so the index
 * stays sparse and the pending list stays cheap.
 */
public final class DynamoDbApprovalStore implements ApprovalStore, ApprovalTaskTokens {
  private static final String TASK_TOKEN = "taskToken";
  private static final String STATUS = "status";

  private final ItemTable table;

  public DynamoDbApprovalStore(DynamoDbClient dynamo, String tableName, PageTokens tokens) {
    this.table = new ItemTable(dynamo, tableName, tokens);
  }

  private static Approval decode(Map<String, AttributeValue> item) {
    return ItemTable.read(item, Approval.class).atVersion(ItemTable.version(item));
  }

  @Override
  public Approval create(Approval approval, String taskToken) {
    Approval stored = approval.atVersion(1);
    TenantId t = approval.tenant();
    Map<String, AttributeValue> item =
        item(
            ItemKeys.execution(t, approval.executionId()),
            "APPROVAL#" + approval.approvalId(),
            "APPROVAL",
            1,
            stored);
    item.put(TASK_TOKEN, s(taskToken));
    item.put(STATUS, s(stored.status().name()));
    if (stored.status() == ApprovalStatus.PENDING) {
      item.put(TableSchema.GSI1_PK, s(ItemKeys.pendingApprovals(t)));
      item.put(
          TableSchema.GSI1_SK,
          s(
              ItemKeys.time(approval.requestedAt())
                  + "#"
                  + approval.executionId()
                  + "#"
                  + approval.approvalId()));
    }
    table.putNew(item, () -> "approval " + approval.approvalId() + " already exists");
    return stored;
  }

  @Override
  public Optional<Approval> get(TenantId tenant, String executionId, String approvalId) {
    return table
        .get(ItemKeys.execution(tenant, executionId), "APPROVAL#" + approvalId)
        .map(DynamoDbApprovalStore::decode);
  }

  @Override
  public Approval decide(
      TenantId tenant, String executionId, String approvalId, Decision decision) {
    Approval current =
        get(tenant, executionId, approvalId)
            .orElseThrow(() -> new NotFoundException("approval " + approvalId + " does not exist"));
    if (current.status() != ApprovalStatus.PENDING) {
      throw ApprovalConflicts.alreadyDecided(current);
    }
    Approval decided = current.decided(decision, current.version() + 1);
    try {
      // The version condition is what makes exactly one of many concurrent deciders win.
      table.updateVersioned(
          ItemKeys.execution(tenant, executionId),
          "APPROVAL#" + approvalId,
          current.version(),
          Map.of(TableSchema.DOC, s(ItemTable.doc(decided)), STATUS, s(decided.status().name())),
          List.of(TableSchema.GSI1_PK, TableSchema.GSI1_SK),
          "approval " + approvalId);
    } catch (ConflictException lost) {
      throw get(tenant, executionId, approvalId)
          .filter(a -> a.status() != ApprovalStatus.PENDING)
          .map(ApprovalConflicts::alreadyDecided)
          .orElse(lost);
    }
    return decided;
  }

  @Override
  public Page<Approval> listForExecution(TenantId tenant, String executionId, PageRequest page) {
    return table.page(
        tenant,
        "approvals:" + executionId,
        KeyQuery.table(ItemKeys.execution(tenant, executionId), "APPROVAL#"),
        true,
        page,
        DynamoDbApprovalStore::decode);
  }

  @Override
  public Page<Approval> listPending(TenantId tenant, PageRequest page) {
    return table.page(
        tenant,
        "approvals:pending",
        KeyQuery.index(TableSchema.GSI1, ItemKeys.pendingApprovals(tenant)),
        true,
        page,
        DynamoDbApprovalStore::decode);
  }

  @Override
  public Optional<String> taskToken(TenantId tenant, String executionId, String approvalId) {
    return table
        .get(ItemKeys.execution(tenant, executionId), "APPROVAL#" + approvalId)
        .map(i -> i.get(TASK_TOKEN).s());
  }
}
