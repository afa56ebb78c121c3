package dev.gennaker.core.slack;

import static dev.gennaker.core.store.Fixtures.T0;
import static dev.gennaker.core.store.Fixtures.freshId;
import static dev.gennaker.core.store.Fixtures.freshTenant;
import static dev.gennaker.core.store.Fixtures.pollUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.tenant.TenantId;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link SlackConnections}. */
public abstract class SlackConnectionsContract {
  protected abstract SlackConnections newStore();

  private SlackConnections store;

  @BeforeEach
  void setUp() {
    store = newStore();
  }

  @Test
  void connection_isReadBack_byTenantAndByTeam() {
    TenantId tenant = freshTenant();
    String team = freshId("T");
    SlackConnection c = new SlackConnection(tenant, team, "C0DEPLOYS", T0);
    store.put(c);

    assertThat(store.get(tenant)).contains(c);
    assertThat(
            pollUntil(
                Duration.ofSeconds(5), "team index", () -> store.findByTeam(team).orElse(null)))
        .isEqualTo(c);
  }

  @Test
  void reconnecting_replacesTheConnection() {
    TenantId tenant = freshTenant();
    String team = freshId("T");
    store.put(new SlackConnection(tenant, team, "C1", T0));
    store.put(new SlackConnection(tenant, team, "C2", T0.plusSeconds(1)));

    assertThat(store.get(tenant).orElseThrow().defaultChannel()).isEqualTo("C2");
  }

  @Test
  void aWorkspace_cannotBeClaimedByASecondTenant() {
    String team = freshId("T");
    store.put(new SlackConnection(freshTenant(), team, "C1", T0));
    pollUntil(Duration.ofSeconds(5), "team index", () -> store.findByTeam(team).orElse(null));

    assertThatThrownBy(() -> store.put(new SlackConnection(freshTenant(), team, "C1", T0)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("another tenant");
  }

  @Test
  void otherTenants_seeNothing() {
    TenantId tenant = freshTenant();
    store.put(new SlackConnection(tenant, freshId("T"), "C1", T0));
    store.mapUser(tenant, "U1", "ana@example.com");

    TenantId other = freshTenant();
    assertThat(store.get(other)).isEmpty();
    assertThat(store.mappedMember(other, "U1")).isEmpty();
    assertThat(store.findByTeam(freshId("T"))).isEmpty();
  }

  @Test
  void delete_isIdempotent_andKeepsUserMappings() {
    TenantId tenant = freshTenant();
    store.put(new SlackConnection(tenant, freshId("T"), "C1", T0));
    store.mapUser(tenant, "U1", "ana@example.com");
    store.delete(tenant);
    store.delete(tenant);

    assertThat(store.get(tenant)).isEmpty();
    assertThat(store.mappedMember(tenant, "U1")).isEqualTo(Optional.of("ana@example.com"));
  }

  @Test
  void userMapping_lastWriteWins() {
    TenantId tenant = freshTenant();
    store.mapUser(tenant, "U1", "ana@example.com");
    store.mapUser(tenant, "U1", "bo@example.com");

    assertThat(store.mappedMember(tenant, "U1")).contains("bo@example.com");
    assertThat(store.mappedMember(tenant, "U2")).isEmpty();
  }
}
