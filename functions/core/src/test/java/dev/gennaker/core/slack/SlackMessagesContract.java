package dev.gennaker.core.slack;

import static dev.gennaker.core.store.Fixtures.freshId;
import static dev.gennaker.core.store.Fixtures.freshTenant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link SlackMessages}. */
public abstract class SlackMessagesContract {
  protected abstract SlackMessages newStore();

  private SlackMessages store;

  @BeforeEach
  void setUp() {
    store = newStore();
  }

  @Test
  void messages_areReadBack_andListedByKey() {
    TenantId tenant = freshTenant();
    String ex = freshId("ex");
    SlackMessage main = new SlackMessage(tenant, ex, SlackMessage.EXECUTION, "C1", "1.1", "");
    SlackMessage approval =
        new SlackMessage(tenant, ex, SlackMessage.approvalKey("prod-1"), "C1", "1.2", "pending");
    store.put(main);
    store.put(approval);

    assertThat(store.get(tenant, ex, SlackMessage.EXECUTION)).contains(main);
    assertThat(store.list(tenant, ex)).containsExactly(approval, main);
    assertThat(approval.approvalId()).isEqualTo("prod-1");
  }

  @Test
  void put_replaces() {
    TenantId tenant = freshTenant();
    String ex = freshId("ex");
    SlackMessage m = new SlackMessage(tenant, ex, "approval.a-1", "C1", "1.2", "pending");
    store.put(m);
    store.put(m.withState("closed"));

    assertThat(store.get(tenant, ex, "approval.a-1").orElseThrow().state()).isEqualTo("closed");
    assertThat(store.list(tenant, ex)).hasSize(1);
  }

  @Test
  void otherExecutionsAndTenants_seeNothing() {
    TenantId tenant = freshTenant();
    String ex = freshId("ex");
    store.put(new SlackMessage(tenant, ex, SlackMessage.EXECUTION, "C1", "1.1", ""));

    assertThat(store.list(tenant, ex + "0")).isEmpty();
    assertThat(store.list(freshTenant(), ex)).isEmpty();
    assertThat(store.get(freshTenant(), ex, SlackMessage.EXECUTION)).isEmpty();
  }
}
