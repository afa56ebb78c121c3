package dev.gennaker.core.cluster;

import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An agent installed in one cluster. Only the SHA-256 (hex) of its credential is stored. {@code
 * agentVersion} is the software version it last reported; {@code version} is the stored revision
 * used for optimistic concurrency (0 before the first write).
 */
public record Agent(
    TenantId tenant,
    String agentId,
    String clusterId,
    Set<String> namespaceAllowList,
    String credentialSha256,
    Optional<Instant> lastHeartbeat,
    Optional<String> agentVersion,
    Instant createdAt,
    long version) {
  public Agent {
    Objects.requireNonNull(tenant, "tenant");
    Ids.require("agent id", agentId);
    Ids.require("cluster id", clusterId);
    namespaceAllowList = Set.copyOf(namespaceAllowList);
    if (credentialSha256 == null || !credentialSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("credentialSha256 must be 64 lowercase hex characters");
    }
    lastHeartbeat = lastHeartbeat == null ? Optional.empty() : lastHeartbeat;
    agentVersion = agentVersion == null ? Optional.empty() : agentVersion;
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public Agent withNamespaceAllowList(Set<String> namespaces) {
    return new Agent(
        tenant,
        agentId,
        clusterId,
        namespaces,
        credentialSha256,
        lastHeartbeat,
        agentVersion,
        createdAt,
        version);
  }

  public Agent withCredentialSha256(String sha256) {
    return new Agent(
        tenant,
        agentId,
        clusterId,
        namespaceAllowList,
        sha256,
        lastHeartbeat,
        agentVersion,
        createdAt,
        version);
  }
}
