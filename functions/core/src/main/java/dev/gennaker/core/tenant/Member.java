package dev.gennaker.core.tenant;

import dev.gennaker.core.store.Ids;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/** A person in a tenant, identified by a stable user id (their login email or IdP subject). */
public record Member(TenantId tenant, String userId, Set<Role> roles, Instant addedAt) {
  public Member {
    Objects.requireNonNull(tenant, "tenant");
    Ids.require("user id", userId);
    roles = Set.copyOf(roles);
    Objects.requireNonNull(addedAt, "addedAt");
  }
}
