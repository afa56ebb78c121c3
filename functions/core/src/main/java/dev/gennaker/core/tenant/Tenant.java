package dev.gennaker.core.tenant;

import java.time.Instant;
import java.util.Objects;

/** A customer organisation; everything stored belongs to exactly one tenant. */
public record Tenant(TenantId id, String displayName, Instant createdAt) {
  public Tenant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
