package dev.gennaker.core.cluster;

import dev.gennaker.core.tenant.ApiKeys;
import dev.gennaker.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Issues agent credentials and verifies presented ones. A credential reads {@code
 * gna_<tenant>_<agentId>_<secret>} (ids never contain {@code _}), so verification is one read of
 * the agent by its key; only the SHA-256 of the whole credential is stored on the {@link Agent}.
 */
public final class AgentCredentials {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AgentCredentials() {}

  /** A fresh credential, shown to the agent once, and the hash to store. */
  public record Issued(String credential, String sha256) {
    @Override
    public String toString() {
      return "Issued[credential=<redacted>, sha256=" + sha256 + "]";
    }
  }

  public static Issued issue(TenantId tenant, String agentId) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String text =
        "gna_"
            + tenant.value()
            + "_"
            + agentId
            + "_"
            + Base64.getUrlEncoder().withoutPadding().encodeToString(secret).replace('_', '.');
    return new Issued(text, ApiKeys.sha256Hex(text));
  }

  /**
   * The agent that {@code presented} belongs to, or empty when it is malformed, unknown or does not
   * match (all the same to the caller, on purpose).
   */
  public static Optional<Agent> verify(ClusterStore store, String presented) {
    if (presented == null || !presented.startsWith("gna_")) {
      return Optional.empty();
    }
    String[] parts = presented.split("_", 4);
    if (parts.length != 4) {
      return Optional.empty();
    }
    TenantId tenant;
    try {
      tenant = TenantId.of(parts[1]);
      dev.gennaker.core.store.Ids.require("agent id", parts[2]);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    byte[] hash = ApiKeys.sha256Hex(presented).getBytes(StandardCharsets.US_ASCII);
    return store
        .getAgent(tenant, parts[2])
        .filter(
            a ->
                MessageDigest.isEqual(
                    a.credentialSha256().getBytes(StandardCharsets.US_ASCII), hash));
  }
}
