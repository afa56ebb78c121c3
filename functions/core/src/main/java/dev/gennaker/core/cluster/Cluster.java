package dev.gennaker.core.cluster;

import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * A target Kubernetes cluster. {@code clusterId} is stable and is what pipelines refer to; {@code
 * displayName} may change. {@code version} is the stored revision used for optimistic concurrency
 * (0 before the first write).
 */
public record Cluster(
    TenantId tenant, String clusterId, String displayName, Instant createdAt, long version) {
  public Cluster {
    Objects.requireNonNull(tenant, "tenant");
    Ids.require("cluster id", clusterId);
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public Cluster withDisplayName(String name) {
    return new Cluster(tenant, clusterId, name, createdAt, version);
  }
}
