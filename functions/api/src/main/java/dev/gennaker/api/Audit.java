package dev.gennaker.api;

import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.core.audit.AuditEntry;
import dev.gennaker.core.tenant.TenantId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Writes the audit log: who did what to which object, when and from where. Append-only. */
final class Audit {
  private final ApiServices s;

  Audit(ApiServices services) {
    this.s = services;
  }

  void record(
      TenantId tenant,
      String actor,
      HttpRequest request,
      String action,
      String objectType,
      String objectId,
      Map<String, String> details) {
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("via", request.header("X-Gennaker-Client").orElse("api"));
    all.put("sourceIp", request.sourceIp() == null ? "" : request.sourceIp());
    s.audit()
        .append(
            new AuditEntry(
                tenant,
                UUID.randomUUID().toString(),
                s.clock().instant(),
                actor,
                action,
                objectType,
                objectId,
                all));
  }
}
