package dev.gennaker.core.cluster;

import dev.gennaker.core.tenant.ApiKeys;
import dev.gennaker.core.tenant.TenantId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Registration tokens in memory (hashes only), for tests and single-process use. */
public final class InMemoryRegistrationTokens implements RegistrationTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Entry(Registration registration, Instant expiresAt, boolean used) {}

  private final Map<String, Entry> byHash = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryRegistrationTokens(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String issue(TenantId tenant, String clusterId, Duration ttl) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = RegistrationTokens.format(tenant, secret);
    byHash.put(
        ApiKeys.sha256Hex(token),
        new Entry(new Registration(tenant, clusterId), clock.instant().plus(ttl), false));
    return token;
  }

  @Override
  public Redemption redeem(String token) {
    if (RegistrationTokens.tenantOf(token).isEmpty()) {
      return new Redemption(Outcome.UNKNOWN_OR_EXPIRED, Optional.empty());
    }
    String hash = ApiKeys.sha256Hex(token);
    Entry[] before = new Entry[1];
    byHash.computeIfPresent(
        hash,
        (k, e) -> {
          before[0] = e;
          return e.used() ? e : new Entry(e.registration(), e.expiresAt(), true);
        });
    Entry e = before[0];
    if (e == null || clock.instant().isAfter(e.expiresAt())) {
      return new Redemption(Outcome.UNKNOWN_OR_EXPIRED, Optional.empty());
    }
    if (e.used()) {
      return new Redemption(Outcome.ALREADY_USED, Optional.empty());
    }
    return new Redemption(Outcome.REDEEMED, Optional.of(e.registration()));
  }
}
