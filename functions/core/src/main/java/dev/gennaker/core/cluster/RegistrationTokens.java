package dev.gennaker.core.cluster;

import dev.gennaker.core.tenant.TenantId;
import java.time.Duration;
import java.util.Optional;

/**
 * One-time agent registration tokens: created for a cluster (shown once, in the install manifest),
 * exchanged once by an agent for its own credential. Only a hash is kept. Thread-safe.
 */
public interface RegistrationTokens {

  /** The cluster a redeemed token was made for. */
  record Registration(TenantId tenant, String clusterId) {}

  /** What redeeming said. */
  enum Outcome {
    REDEEMED,
    ALREADY_USED,
    UNKNOWN_OR_EXPIRED
  }

  /** A redemption: its outcome, and the cluster when redeemed. */
  record Redemption(Outcome outcome, Optional<Registration> registration) {}

  /** Creates a token for {@code clusterId} that works once, within {@code ttl}. */
  String issue(TenantId tenant, String clusterId, Duration ttl);

  /** Uses a token up. Exactly one of any number of concurrent redemptions succeeds. */
  Redemption redeem(String token);

  /**
   * The text of a token: {@code reg_<tenant>_<secret>}, so that redeeming reads one item under the
   * tenant's own key.
   */
  static String format(TenantId tenant, byte[] secret) {
    return "reg_"
        + tenant.value()
        + "_"
        + java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(secret)
            .replace('_', '.');
  }

  /** The tenant a token names, or empty when it is not a token at all. */
  static Optional<TenantId> tenantOf(String token) {
    if (token == null || !token.startsWith("reg_")) {
      return Optional.empty();
    }
    String[] parts = token.split("_", 3);
    if (parts.length != 3 || parts[2].isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(TenantId.of(parts[1]));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
