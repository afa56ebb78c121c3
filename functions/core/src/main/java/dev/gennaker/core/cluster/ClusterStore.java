package dev.gennaker.core.cluster;

import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * Clusters and agents of a tenant. Updates are optimistic: pass the record as read; the write
 * succeeds only if the stored version is still the same and returns the record with the next
 * version. All methods may also throw {@link dev.gennaker.core.store.StoreUnavailableException}
 * and, for listings, {@link dev.gennaker.core.store.InvalidPageTokenException}. Thread-safe.
 */
public interface ClusterStore {

  /** Stores a new cluster at version 1. @throws AlreadyExistsException if the id is taken */
  Cluster createCluster(Cluster cluster);

  Optional<Cluster> getCluster(TenantId tenant, String clusterId);

  /**
   * Replaces a cluster if its stored version equals {@code cluster.version()}.
   *
   * @throws ConflictException if the version moved on
   * @throws NotFoundException if there is no such cluster
   */
  Cluster updateCluster(Cluster cluster);

  /** Clusters ordered by id. */
  Page<Cluster> listClusters(TenantId tenant, PageRequest page);

  /**
   * Removes a cluster and every agent registered in it, so the agents' credentials stop working as
   * soon as this returns. Agents go first: a crash half-way leaves the cluster listed and a retry
   * finishes the job. Idempotent: deleting an absent cluster does nothing.
   */
  void deleteCluster(TenantId tenant, String clusterId);

  /**
   * Stores a new agent at version 1.
   *
   * @throws AlreadyExistsException if the agent id is taken in this tenant
   * @throws NotFoundException if its cluster does not exist
   */
  Agent createAgent(Agent agent);

  Optional<Agent> getAgent(TenantId tenant, String agentId);

  /**
   * Replaces an agent if its stored version equals {@code agent.version()}.
   *
   * @throws ConflictException if the version moved on
   * @throws NotFoundException if there is no such agent
   */
  Agent updateAgent(Agent agent);

  /**
   * Records a heartbeat without a version check (heartbeats commute; the latest time wins and an
   * older one never overwrites a newer one). Does not bump the version, so it never makes a
   * concurrent configuration edit conflict. Idempotent.
   *
   * @throws NotFoundException if there is no such agent
   */
  void recordHeartbeat(TenantId tenant, String agentId, Instant at, String agentVersion);

  /**
   * The agents of one cluster, ordered by agent id. May lag a just-committed create by a moment.
   */
  Page<Agent> listAgents(TenantId tenant, String clusterId, PageRequest page);
}
