package dev.gennaker.aws.dynamodb;

import dev.gennaker.core.audit.AuditLog;
import dev.gennaker.core.audit.AuditLogContract;
import dev.gennaker.core.store.PageTokens;

class DynamoDbAuditLogTest extends AuditLogContract {
  @Override
  protected AuditLog newLog(PageTokens tokens) {
    return new DynamoDbAuditLog(LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE, tokens);
  }
}
