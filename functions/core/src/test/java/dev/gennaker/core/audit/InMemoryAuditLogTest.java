package dev.gennaker.core.audit;

import dev.gennaker.core.store.PageTokens;

class InMemoryAuditLogTest extends AuditLogContract {
  @Override
  protected AuditLog newLog(PageTokens tokens) {
    return new InMemoryAuditLog(tokens);
  }
}
