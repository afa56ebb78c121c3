package dev.gennaker.core.audit;

import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** One audited action: {@code actor} did {@code action} to {@code objectType/objectId}. */
public record AuditEntry(
    TenantId tenant,
    String entryId,
    Instant at,
    String actor,
    String action,
    String objectType,
    String objectId,
    Map<String, String> details) {
  public AuditEntry {
    Objects.requireNonNull(tenant, "tenant");
    Ids.require("entry id", entryId);
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(objectType, "objectType");
    Objects.requireNonNull(objectId, "objectId");
    details = Map.copyOf(details);
  }
}
