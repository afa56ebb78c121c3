package dev.gennaker.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.tenant.TenantId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link CommandDeliveries} must do; each implementation runs this suite. */
public abstract class CommandDeliveriesContract {
  protected abstract CommandDeliveries newDeliveries();

  private final TenantId a = TenantId.of("acme");
  private final TenantId b = TenantId.of("globex");
  private final Map<String, String> params =
      Map.of("executionId", "ex-1", "stageId", "staging", "attempt", "2", "action", "run");

  @Test
  void theLatestDeliveryIsKept_andRemoveIsIdempotent() {
    CommandDeliveries d = newDeliveries();
    d.put(a, "agent-1", "ex-1-staging-2", new CommandDeliveries.Delivery("r1", "apply", params));
    d.put(a, "agent-1", "ex-1-staging-2", new CommandDeliveries.Delivery("r2", "apply", params));
    assertThat(d.get(a, "agent-1", "ex-1-staging-2"))
        .contains(new CommandDeliveries.Delivery("r2", "apply", params));
    d.remove(a, "agent-1", "ex-1-staging-2");
    d.remove(a, "agent-1", "ex-1-staging-2");
    assertThat(d.get(a, "agent-1", "ex-1-staging-2")).isEmpty();
  }

  @Test
  void otherAgentsAndTenants_seeNothing() {
    CommandDeliveries d = newDeliveries();
    d.put(a, "agent-1", "c1", new CommandDeliveries.Delivery("r1", "apply", params));
    assertThat(d.get(a, "agent-2", "c1")).isEmpty();
    assertThat(d.get(b, "agent-1", "c1")).isEmpty();
  }
}
