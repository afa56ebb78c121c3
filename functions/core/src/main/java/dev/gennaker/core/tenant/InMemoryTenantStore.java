package dev.gennaker.core.tenant;

import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.store.InMemoryPaging;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link TenantStore} in memory, for tests and tools. Runs the same contract suite. */
public final class InMemoryTenantStore implements TenantStore {
  private final PageTokens tokens;
  private final Map<TenantId, Tenant> tenants = new HashMap<>();
  private final Map<TenantId, TreeMap<String, Member>> members = new HashMap<>();

  public InMemoryTenantStore(PageTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public synchronized void createTenant(Tenant tenant) {
    if (tenants.putIfAbsent(tenant.id(), tenant) != null) {
      throw new AlreadyExistsException("tenant " + tenant.id() + " already exists");
    }
  }

  @Override
  public synchronized Optional<Tenant> getTenant(TenantId id) {
    return Optional.ofNullable(tenants.get(id));
  }

  @Override
  public synchronized void updateTenant(Tenant tenant) {
    if (!tenants.containsKey(tenant.id())) {
      throw new NotFoundException("tenant " + tenant.id() + " does not exist");
    }
    tenants.put(tenant.id(), tenant);
  }

  @Override
  public synchronized void deleteTenant(TenantId id) {
    members.remove(id);
    tenants.remove(id);
  }

  @Override
  public synchronized void putMember(Member member) {
    if (!tenants.containsKey(member.tenant())) {
      throw new NotFoundException("tenant " + member.tenant() + " does not exist");
    }
    members.computeIfAbsent(member.tenant(), t -> new TreeMap<>()).put(member.userId(), member);
  }

  @Override
  public synchronized Optional<Member> getMember(TenantId tenant, String userId) {
    return Optional.ofNullable(members.getOrDefault(tenant, new TreeMap<>()).get(userId));
  }

  @Override
  public synchronized Page<Member> listMembers(TenantId tenant, PageRequest page) {
    return InMemoryPaging.page(
        tokens,
        tenant,
        "members",
        new TreeMap<>(members.getOrDefault(tenant, new TreeMap<>())),
        page);
  }

  @Override
  public synchronized void removeMember(TenantId tenant, String userId) {
    members.getOrDefault(tenant, new TreeMap<>()).remove(userId);
  }
}
