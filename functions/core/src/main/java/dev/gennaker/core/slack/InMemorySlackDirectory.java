package dev.gennaker.core.slack;

import dev.gennaker.core.tenant.TenantId;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;

/** {@link SlackDirectory} in memory, for tests and the in-process runtime. */
public final class InMemorySlackDirectory implements SlackDirectory {
  private final ConcurrentSkipListSet<String> tenants = new ConcurrentSkipListSet<>();

  @Override
  public void add(TenantId tenant) {
    tenants.add(tenant.value());
  }

  @Override
  public void remove(TenantId tenant) {
    tenants.remove(tenant.value());
  }

  @Override
  public List<TenantId> all() {
    return tenants.stream().map(TenantId::of).toList();
  }
}
