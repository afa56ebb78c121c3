package dev.gennaker.aws.dynamodb;

import static dev.gennaker.aws.dynamodb.ItemTable.item;

import dev.gennaker.aws.dynamodb.ItemTable.KeyQuery;
import dev.gennaker.core.audit.AuditEntry;
import dev.gennaker.core.audit.AuditLog;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.TenantId;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link AuditLog} on the single table: partition {@code T#<tenant>#AUDIT}, sort key {@code
 * <time>#<entryId>}. Entries are written with {@code attribute_not_exists}, so nothing here can
 * overwrite one; the adapter has no update or delete path at all. (In AWS, the functions' IAM
 * policy should also deny UpdateItem/DeleteItem on {@code *#AUDIT} keys via a leading-keys
 * condition; that belongs to the Terraform issue.)
 */
public final class DynamoDbAuditLog implements AuditLog {
  private final ItemTable table;

  public DynamoDbAuditLog(DynamoDbClient dynamo, String tableName, PageTokens tokens) {
    this.table = new ItemTable(dynamo, tableName, tokens);
  }

  @Override
  public void append(AuditEntry entry) {
    table.putIfAbsent(
        item(
            ItemKeys.audit(entry.tenant()),
            ItemKeys.time(entry.at()) + "#" + entry.entryId(),
            "AUDIT",
            1,
            entry));
  }

  @Override
  public Page<AuditEntry> list(TenantId tenant, PageRequest page) {
    return table.page(
        tenant,
        "audit",
        KeyQuery.wholePartition(ItemKeys.audit(tenant)),
        false,
        page,
        i -> ItemTable.read(i, AuditEntry.class));
  }
}
