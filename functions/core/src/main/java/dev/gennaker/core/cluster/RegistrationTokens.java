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
}
