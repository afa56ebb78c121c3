package dev.gennaker.core.cluster;

import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.InMemoryPaging;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link ClusterStore} in memory, for tests and tools. Runs the same contract suite. */
public final class InMemoryClusterStore implements ClusterStore {
  private final PageTokens tokens;
  private final Map<TenantId, TreeMap<String, Cluster>> clusters = new HashMap<>();
  private final Map<TenantId, TreeMap<String, Agent>> agents = new HashMap<>();

  public InMemoryClusterStore(PageTokens tokens) {
    this.tokens = tokens;
  }

  private TreeMap<String, Cluster> clustersOf(TenantId t) {
    return clusters.computeIfAbsent(t, k -> new TreeMap<>());
  }

  private TreeMap<String, Agent> agentsOf(TenantId t) {
    return agents.computeIfAbsent(t, k -> new TreeMap<>());
  }

  @Override
  public synchronized Cluster createCluster(Cluster cluster) {
    Cluster stored = atVersion(cluster, 1);
    if (clustersOf(cluster.tenant()).putIfAbsent(cluster.clusterId(), stored) != null) {
      throw new AlreadyExistsException("cluster " + cluster.clusterId() + " already exists");
    }
    return stored;
  }

  @Override
  public synchronized Optional<Cluster> getCluster(TenantId tenant, String clusterId) {
    return Optional.ofNullable(clustersOf(tenant).get(clusterId));
  }

  @Override
  public synchronized Cluster updateCluster(Cluster cluster) {
    Cluster current = clustersOf(cluster.tenant()).get(cluster.clusterId());
    if (current == null) {
      throw new NotFoundException("cluster " + cluster.clusterId() + " does not exist");
    }
    if (current.version() != cluster.version()) {
      throw new ConflictException(
          "cluster "
              + cluster.clusterId()
              + " changed: expected version "
              + cluster.version()
              + ", stored "
              + current.version());
    }
    Cluster stored = atVersion(cluster, cluster.version() + 1);
    clustersOf(cluster.tenant()).put(cluster.clusterId(), stored);
    return stored;
  }

  @Override
  public synchronized Page<Cluster> listClusters(TenantId tenant, PageRequest page) {
    return InMemoryPaging.page(tokens, tenant, "clusters", new TreeMap<>(clustersOf(tenant)), page);
  }

  @Override
  public synchronized void deleteCluster(TenantId tenant, String clusterId) {
    agentsOf(tenant).values().removeIf(a -> a.clusterId().equals(clusterId));
    clustersOf(tenant).remove(clusterId);
  }

  @Override
  public synchronized Agent createAgent(Agent agent) {
    if (!clustersOf(agent.tenant()).containsKey(agent.clusterId())) {
      throw new NotFoundException("cluster " + agent.clusterId() + " does not exist");
    }
    Agent stored = atVersion(agent, 1);
    if (agentsOf(agent.tenant()).putIfAbsent(agent.agentId(), stored) != null) {
      throw new AlreadyExistsException("agent " + agent.agentId() + " already exists");
    }
    return stored;
  }

  @Override
  public synchronized Optional<Agent> getAgent(TenantId tenant, String agentId) {
    return Optional.ofNullable(agentsOf(tenant).get(agentId));
  }

  @Override
  public synchronized Agent updateAgent(Agent agent) {
    Agent current = agentsOf(agent.tenant()).get(agent.agentId());
    if (current == null) {
      throw new NotFoundException("agent " + agent.agentId() + " does not exist");
    }
    if (current.version() != agent.version()) {
      throw new ConflictException(
          "agent "
              + agent.agentId()
              + " changed: expected version "
              + agent.version()
              + ", stored "
              + current.version());
    }
    // Heartbeat fields are owned by recordHeartbeat, so a config edit never rolls them back.
    Agent stored =
        new Agent(
            agent.tenant(),
            agent.agentId(),
            agent.clusterId(),
            agent.namespaceAllowList(),
            agent.credentialSha256(),
            current.lastHeartbeat(),
            current.agentVersion(),
            agent.createdAt(),
            agent.version() + 1);
    agentsOf(agent.tenant()).put(agent.agentId(), stored);
    return stored;
  }

  @Override
  public synchronized void recordHeartbeat(
      TenantId tenant, String agentId, Instant at, String agentVersion) {
    Agent current = agentsOf(tenant).get(agentId);
    if (current == null) {
      throw new NotFoundException("agent " + agentId + " does not exist");
    }
    if (current.lastHeartbeat().isPresent() && !current.lastHeartbeat().get().isBefore(at)) {
      return;
    }
    agentsOf(tenant)
        .put(
            agentId,
            new Agent(
                tenant,
                agentId,
                current.clusterId(),
                current.namespaceAllowList(),
                current.credentialSha256(),
                Optional.of(at),
                Optional.of(agentVersion),
                current.createdAt(),
                current.version()));
  }

  @Override
  public synchronized Page<Agent> listAgents(TenantId tenant, String clusterId, PageRequest page) {
    TreeMap<String, Agent> ofCluster = new TreeMap<>();
    agentsOf(tenant)
        .forEach(
            (id, a) -> {
              if (a.clusterId().equals(clusterId)) {
                ofCluster.put(id, a);
              }
            });
    return InMemoryPaging.page(tokens, tenant, "agents:" + clusterId, ofCluster, page);
  }

  private static Cluster atVersion(Cluster c, long v) {
    return new Cluster(c.tenant(), c.clusterId(), c.displayName(), c.createdAt(), v);
  }

  private static Agent atVersion(Agent a, long v) {
    return new Agent(
        a.tenant(),
        a.agentId(),
        a.clusterId(),
        a.namespaceAllowList(),
        a.credentialSha256(),
        a.lastHeartbeat(),
        a.agentVersion(),
        a.createdAt(),
        v);
  }
}
