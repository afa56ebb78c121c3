package dev.gennaker.core.tenant;

import java.util.Locale;
import java.util.Objects;

/**
 * Who acts: a tenant, a user (or tool) and the role their credential carries. Use cases that change
 * a tenant take one and check the role themselves, so no entry point (API, CLI, portal, Slack) can
 * forget to.
 */
public record Principal(TenantId tenant, String userId, Role role) {
  public Principal {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(role, "role");
  }

  /**
   * @throws ForbiddenException if this principal's role is below {@code needed}
   */
  public Principal require(Role needed) {
    if (role.compareTo(needed) < 0) {
      throw new ForbiddenException(
          "this needs the "
              + needed.name().toLowerCase(Locale.ROOT)
              + " role; your key has "
              + role.name().toLowerCase(Locale.ROOT));
    }
    return this;
  }

  /** A principal's role does not allow what it tried. */
  public static final class ForbiddenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message) {
      super(message);
    }
  }
}
