package dev.gennaker.core.audit;

import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.tenant.TenantId;

/**
 * The append-only audit log of a tenant. There is deliberately no way to change or remove an entry
 * through this port. All methods may throw {@link
 * dev.gennaker.core.store.StoreUnavailableException}; {@link #list} throws {@link
 * dev.gennaker.core.store.InvalidPageTokenException} for a token of another tenant or query.
 * Thread-safe.
 */
public interface AuditLog {

  /**
   * Appends an entry. Idempotent: appending an entry with the same time and id again keeps the
   * first one unchanged (a retried request cannot rewrite history).
   */
  void append(AuditEntry entry);

  /** Entries newest first (by time, then entry id). */
  Page<AuditEntry> list(TenantId tenant, PageRequest page);
}
