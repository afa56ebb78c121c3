package dev.gennaker.core.tenant;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Issues API keys and verifies presented ones. A key reads {@code gnk_<tenant>_<keyId>_<secret>}:
 * the tenant and key id let verification fetch one item by its key (no index, no scan); the secret
 * is 32 random bytes. Only the SHA-256 of the whole key is stored; a fast hash is enough because
 * the key carries 256 bits of randomness, so there is nothing to brute-force.
 */
public final class ApiKeys {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final ApiKeyStore store;
  private final Clock clock;

  public ApiKeys(ApiKeyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The stored record and the full key, which is returned here once and never again. */
  public record Issued(ApiKey record, String key) {
    @Override
    public String toString() {
      return "Issued[record=" + record + ", key=<redacted>]";
    }
  }

  /** Keys record their last use at most this often. */
  static final java.time.Duration TOUCH_EVERY = java.time.Duration.ofMinutes(1);

  /** Creates and stores a new key that does not expire. */
  public Issued issue(TenantId tenant, String name, Role role) {
    return issue(tenant, name, role, Optional.empty());
  }

  /** Creates and stores a new key, valid until {@code expiresAt} when given. */
  public Issued issue(TenantId tenant, String name, Role role, Optional<Instant> expiresAt) {
    byte[] idBytes = new byte[9];
    RANDOM.nextBytes(idBytes);
    String keyId = HexFormat.of().formatHex(idBytes);
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    // Underscores separate the parts, so the secret uses an alphabet without them.
    String secretText = B64.encodeToString(secret).replace('_', '.');
    String key = "gnk_" + tenant.value() + "_" + keyId + "_" + secretText;
    ApiKey record =
        new ApiKey(
            tenant,
            keyId,
            name,
            role,
            "gnk_" + keyId.substring(0, 6),
            sha256Hex(key),
            clock.instant(),
            Optional.empty(),
            expiresAt,
            Optional.empty());
    store.create(record);
    return new Issued(record, key);
  }

  /**
   * The active key record that {@code presented} belongs to, or empty when the key is malformed,
   * unknown, revoked or does not match (all the same to the caller, on purpose).
   */
  public Optional<ApiKey> verify(String presented) {
    if (presented == null || !presented.startsWith("gnk_")) {
      return Optional.empty();
    }
    String[] parts = presented.split("_", 4);
    if (parts.length != 4) {
      return Optional.empty();
    }
    TenantId tenant;
    try {
      tenant = TenantId.of(parts[1]);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!parts[2].matches("[0-9a-f]{18}")) {
      return Optional.empty();
    }
    byte[] presentedHash = sha256Hex(presented).getBytes(StandardCharsets.US_ASCII);
    Instant now = clock.instant();
    Optional<ApiKey> key =
        store
            .get(tenant, parts[2])
            .filter(k -> k.isValidAt(now))
            .filter(
                k ->
                    MessageDigest.isEqual(
                        k.sha256().getBytes(StandardCharsets.US_ASCII), presentedHash));
    key.filter(k -> k.lastUsedAt().map(t -> t.plus(TOUCH_EVERY).isBefore(now)).orElse(true))
        .ifPresent(k -> touch(k, now));
    return key;
  }

  private void touch(ApiKey key, Instant now) {
    try {
      store.touch(key.tenant(), key.keyId(), now);
    } catch (RuntimeException e) {
      // Recording the last use is a convenience; it never fails a request.
    }
  }

  /** Lowercase hex SHA-256 of {@code text} (UTF-8). */
  public static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
