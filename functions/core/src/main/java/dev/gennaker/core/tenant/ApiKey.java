package dev.gennaker.core.tenant;

import dev.gennaker.core.store.Ids;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored API key: never the key itself, only its SHA-256 hash (hex) and a short visible prefix
 * that lets a user recognise it in a list. {@code lastUsedAt} is recorded at most about once a
 * minute per key, so using a key costs no write per request.
 */
public record ApiKey(
    TenantId tenant,
    String keyId,
    String name,
    Role role,
    String visiblePrefix,
    String sha256,
    Instant createdAt,
    Optional<Instant> revokedAt,
    Optional<Instant> expiresAt,
    Optional<Instant> lastUsedAt) {
  public ApiKey {
    Objects.requireNonNull(tenant, "tenant");
    Ids.require("key id", keyId);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(visiblePrefix, "visiblePrefix");
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex characters");
    }
    Objects.requireNonNull(createdAt, "createdAt");
    revokedAt = revokedAt == null ? Optional.empty() : revokedAt;
    expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
    lastUsedAt = lastUsedAt == null ? Optional.empty() : lastUsedAt;
  }

  /** Not revoked (expiry is checked against a clock: {@link #isValidAt}). */
  public boolean isActive() {
    return revokedAt.isEmpty();
  }

  /** Not revoked and not expired at {@code now}. */
  public boolean isValidAt(Instant now) {
    return isActive() && expiresAt.map(now::isBefore).orElse(true);
  }

  public ApiKey withLastUsedAt(Instant at) {
    return new ApiKey(
        tenant,
        keyId,
        name,
        role,
        visiblePrefix,
        sha256,
        createdAt,
        revokedAt,
        expiresAt,
        Optional.ofNullable(at));
  }

  public ApiKey revoked(Instant at) {
    return new ApiKey(
        tenant,
        keyId,
        name,
        role,
        visiblePrefix,
        sha256,
        createdAt,
        Optional.of(at),
        expiresAt,
        lastUsedAt);
  }
}
