package dev.gennaker.core.cluster;

import static dev.gennaker.core.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.store.Fixtures;
import dev.gennaker.core.tenant.TenantId;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentCredentialsTest {
  private final ClusterStore store = new InMemoryClusterStore(Fixtures.TOKENS);
  private final TenantId tenant = TenantId.of("acme");

  @Test
  void issuedCredential_isStoredOnlyAsHash_andVerifiesToItsAgent() {
    store.createCluster(new Cluster(tenant, "prod", "Prod", T0, 0));
    AgentCredentials.Issued issued = AgentCredentials.issue(tenant, "agent-1");
    Agent agent =
        store.createAgent(
            new Agent(
                tenant,
                "agent-1",
                "prod",
                Set.of("shop"),
                issued.sha256(),
                Optional.empty(),
                Optional.empty(),
                T0,
                0));
    assertThat(agent.toString()).doesNotContain(issued.credential());
    assertThat(issued.toString()).doesNotContain(issued.credential());
    assertThat(AgentCredentials.verify(store, issued.credential())).contains(agent);
    assertThat(AgentCredentials.verify(store, issued.credential() + "x")).isEmpty();
    assertThat(AgentCredentials.verify(store, issued.credential().replace("acme", "other")))
        .isEmpty();
    assertThat(AgentCredentials.verify(store, "gna_acme_agent-1")).isEmpty();
    assertThat(AgentCredentials.verify(store, null)).isEmpty();
  }

  @Test
  void rotatedCredential_replacesTheOldOne() {
    store.createCluster(new Cluster(tenant, "prod", "Prod", T0, 0));
    AgentCredentials.Issued first = AgentCredentials.issue(tenant, "agent-1");
    Agent agent =
        store.createAgent(
            new Agent(
                tenant,
                "agent-1",
                "prod",
                Set.of(),
                first.sha256(),
                Optional.empty(),
                Optional.empty(),
                T0,
                0));
    AgentCredentials.Issued second = AgentCredentials.issue(tenant, "agent-1");
    store.updateAgent(agent.withCredentialSha256(second.sha256()));
    assertThat(AgentCredentials.verify(store, first.credential())).isEmpty();
    assertThat(AgentCredentials.verify(store, second.credential())).isPresent();
  }
}
