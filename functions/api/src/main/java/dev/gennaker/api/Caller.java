package dev.gennaker.api;

import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.Problem;
import dev.gennaker.core.tenant.ApiKey;
import dev.gennaker.core.tenant.ApiKeys;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.TenantId;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who calls: the tenant, user and role of the API key presented. The tenant always comes from here,
 * never from the request's path or body.
 */
public record Caller(TenantId tenant, String userId, Role role) {

  public static Caller authenticate(HttpRequest request, ApiKeys keys) {
    String header = request.header("Authorization").orElse("");
    if (header.isBlank()) {
      throw Problem.unauthorized("send an API key: Authorization: Bearer <key>");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw Problem.unauthorized("the Authorization header must be: Bearer <key>");
    }
    ApiKey key =
        keys.verify(header.substring(7).trim())
            .orElseThrow(
                () -> Problem.unauthorized("the API key is unknown, revoked or malformed"));
    return new Caller(key.tenant(), key.name(), key.role());
  }

  /** The caller as core's use cases see it: they check the role themselves. */
  public dev.gennaker.core.tenant.Principal principal() {
    return new dev.gennaker.core.tenant.Principal(tenant, userId, role);
  }

  /** Refuses (403) a caller whose role is below {@code needed}. */
  public Caller require(Role needed) {
    if (role.ordinal() < needed.ordinal()) {
      throw Problem.forbidden(
          "this needs the "
              + needed.name().toLowerCase()
              + " role; your key has "
              + role.name().toLowerCase());
    }
    return this;
  }

  /** The caller's role and every role below it, as approval policies see it. */
  public Set<Role> roles() {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Role r : Role.values()) {
      if (r.ordinal() <= role.ordinal()) {
        roles.add(r);
      }
    }
    return roles;
  }
}
