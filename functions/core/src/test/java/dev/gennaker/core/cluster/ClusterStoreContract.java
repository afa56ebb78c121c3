package dev.gennaker.core.cluster;

import static dev.gennaker.core.store.Fixtures.T0;
import static dev.gennaker.core.store.Fixtures.freshTenant;
import static dev.gennaker.core.store.Fixtures.race;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.Fixtures;
import dev.gennaker.core.store.InvalidPageTokenException;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.ApiKeys;
import dev.gennaker.core.tenant.TenantId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link ClusterStore}. */
public abstract class ClusterStoreContract {
  protected abstract ClusterStore newStore(PageTokens tokens);

  private ClusterStore store;
  private TenantId tenant;

  @BeforeEach
  void setUp() {
    store = newStore(Fixtures.TOKENS);
    tenant = freshTenant();
  }

  private static Agent agent(TenantId tenant, String agentId, String clusterId) {
    return new Agent(
        tenant,
        agentId,
        clusterId,
        Set.of("shop", "shop-staging"),
        ApiKeys.sha256Hex("credential-of-" + agentId),
        Optional.empty(),
        Optional.empty(),
        T0,
        0);
  }

  @Test
  void cluster_createRenameList_withOptimisticConcurrency() {
    Cluster c1 = store.createCluster(new Cluster(tenant, "prod-eu", "Production EU", T0, 0));
    store.createCluster(new Cluster(tenant, "staging", "Staging", T0, 0));
    assertThat(c1.version()).isEqualTo(1);
    assertThatThrownBy(() -> store.createCluster(new Cluster(tenant, "prod-eu", "x", T0, 0)))
        .isInstanceOf(AlreadyExistsException.class);
    Cluster renamed = store.updateCluster(c1.withDisplayName("Prod (Frankfurt)"));
    assertThat(renamed.version()).isEqualTo(2);
    assertThat(store.getCluster(tenant, "prod-eu")).contains(renamed);
    assertThatThrownBy(() -> store.updateCluster(c1.withDisplayName("stale")))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> store.updateCluster(new Cluster(tenant, "ghost", "g", T0, 1)))
        .isInstanceOf(NotFoundException.class);
    Page<Cluster> first = store.listClusters(tenant, PageRequest.first(1));
    assertThat(first.items()).extracting(Cluster::clusterId).containsExactly("prod-eu");
    assertThat(
            store
                .listClusters(tenant, PageRequest.after(1, first.nextToken().orElseThrow()))
                .items())
        .extracting(Cluster::clusterId)
        .containsExactly("staging");
  }

  @Test
  void agents_createUpdateHeartbeatList() {
    store.createCluster(new Cluster(tenant, "prod-eu", "Production EU", T0, 0));
    store.createCluster(new Cluster(tenant, "staging", "Staging", T0, 0));
    assertThatThrownBy(() -> store.createAgent(agent(tenant, "a0", "ghost")))
        .isInstanceOf(NotFoundException.class);
    Agent a1 = store.createAgent(agent(tenant, "a1", "prod-eu"));
    store.createAgent(agent(tenant, "a2", "prod-eu"));
    store.createAgent(agent(tenant, "a3", "staging"));
    assertThatThrownBy(() -> store.createAgent(agent(tenant, "a1", "prod-eu")))
        .isInstanceOf(AlreadyExistsException.class);

    store.recordHeartbeat(tenant, "a1", T0.plusSeconds(30), "1.4.0");
    store.recordHeartbeat(tenant, "a1", T0.plusSeconds(20), "1.3.9");
    Agent afterBeats = store.getAgent(tenant, "a1").orElseThrow();
    assertThat(afterBeats.lastHeartbeat()).contains(T0.plusSeconds(30));
    assertThat(afterBeats.agentVersion()).contains("1.4.0");
    assertThat(afterBeats.version()).isEqualTo(1);

    // A config edit from the version read before the heartbeats still succeeds and keeps them.
    Agent edited = store.updateAgent(a1.withNamespaceAllowList(Set.of("shop")));
    assertThat(edited.version()).isEqualTo(2);
    assertThat(edited.namespaceAllowList()).containsExactly("shop");
    assertThat(edited.lastHeartbeat()).contains(T0.plusSeconds(30));
    assertThat(store.getAgent(tenant, "a1")).contains(edited);
    assertThatThrownBy(() -> store.updateAgent(a1.withNamespaceAllowList(Set.of())))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> store.recordHeartbeat(tenant, "ghost", T0, "1"))
        .isInstanceOf(NotFoundException.class);

    Page<Agent> prod = store.listAgents(tenant, "prod-eu", PageRequest.first(1));
    assertThat(prod.items()).extracting(Agent::agentId).containsExactly("a1");
    assertThat(
            store
                .listAgents(tenant, "prod-eu", PageRequest.after(1, prod.nextToken().orElseThrow()))
                .items())
        .extracting(Agent::agentId)
        .containsExactly("a2");
    assertThat(store.listAgents(tenant, "staging", PageRequest.first(10)).items())
        .extracting(Agent::agentId)
        .containsExactly("a3");
  }

  @Test
  void deletingACluster_removesItsAgents_andNothingElse() {
    store.createCluster(new Cluster(tenant, "prod-eu", "Production EU", T0, 0));
    store.createCluster(new Cluster(tenant, "staging", "Staging", T0, 0));
    store.createAgent(agent(tenant, "a1", "prod-eu"));
    store.createAgent(agent(tenant, "a2", "prod-eu"));
    store.createAgent(agent(tenant, "a3", "staging"));
    TenantId other = freshTenant();
    store.createCluster(new Cluster(other, "prod-eu", "Theirs", T0, 0));
    store.createAgent(agent(other, "a1", "prod-eu"));

    store.deleteCluster(tenant, "prod-eu");
    store.deleteCluster(tenant, "prod-eu");
    store.deleteCluster(tenant, "never-existed");

    assertThat(store.getCluster(tenant, "prod-eu")).isEmpty();
    assertThat(store.getAgent(tenant, "a1")).isEmpty();
    assertThat(store.getAgent(tenant, "a2")).isEmpty();
    assertThat(store.getAgent(tenant, "a3")).isPresent();
    assertThat(store.listClusters(tenant, PageRequest.first(10)).items())
        .extracting(Cluster::clusterId)
        .containsExactly("staging");
    assertThat(store.getCluster(other, "prod-eu")).isPresent();
    assertThat(store.getAgent(other, "a1")).isPresent();
  }

  @Test
  void twoEditors_racingOnOneAgent_exactlyOneWins() throws Exception {
    store.createCluster(new Cluster(tenant, "prod-eu", "Production EU", T0, 0));
    Agent a1 = store.createAgent(agent(tenant, "a1", "prod-eu"));
    List<Object> results =
        race(2, i -> () -> store.updateAgent(a1.withNamespaceAllowList(Set.of("ns" + i))));
    assertThat(results).filteredOn(r -> r instanceof Agent).hasSize(1);
    assertThat(results).filteredOn(r -> r instanceof ConflictException).hasSize(1);
  }

  @Test
  void tenantB_seesNothingOfTenantA_throughAnyMethod() {
    TenantId other = freshTenant();
    Cluster c = store.createCluster(new Cluster(tenant, "prod-eu", "Production EU", T0, 0));
    store.createCluster(new Cluster(tenant, "staging", "Staging", T0, 0));
    Agent a1 = store.createAgent(agent(tenant, "a1", "prod-eu"));
    store.createAgent(agent(tenant, "a2", "prod-eu"));
    assertThat(store.getCluster(other, "prod-eu")).isEmpty();
    assertThat(store.listClusters(other, PageRequest.first(10)).items()).isEmpty();
    assertThat(store.getAgent(other, "a1")).isEmpty();
    assertThat(store.listAgents(other, "prod-eu", PageRequest.first(10)).items()).isEmpty();
    assertThatThrownBy(
            () -> store.updateCluster(new Cluster(other, "prod-eu", "x", T0, c.version())))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () ->
                store.updateAgent(
                    new Agent(
                        other,
                        "a1",
                        "prod-eu",
                        Set.of(),
                        a1.credentialSha256(),
                        Optional.empty(),
                        Optional.empty(),
                        T0,
                        1)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.recordHeartbeat(other, "a1", T0, "1"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.createAgent(agent(other, "a9", "prod-eu")))
        .isInstanceOf(NotFoundException.class);
    String clusters = store.listClusters(tenant, PageRequest.first(1)).nextToken().orElseThrow();
    String agents =
        store.listAgents(tenant, "prod-eu", PageRequest.first(1)).nextToken().orElseThrow();
    assertThatThrownBy(() -> store.listClusters(other, PageRequest.after(1, clusters)))
        .isInstanceOf(InvalidPageTokenException.class);
    assertThatThrownBy(() -> store.listAgents(other, "prod-eu", PageRequest.after(1, agents)))
        .isInstanceOf(InvalidPageTokenException.class);
    assertThatThrownBy(() -> store.listAgents(tenant, "staging", PageRequest.after(1, agents)))
        .isInstanceOf(InvalidPageTokenException.class);
  }
}
