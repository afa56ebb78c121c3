package dev.gennaker.core.audit;

import dev.gennaker.core.store.InMemoryPaging;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.store.SortableTime;
import dev.gennaker.core.tenant.TenantId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** {@link AuditLog} in memory, for tests and tools. Runs the same contract suite. */
public final class InMemoryAuditLog implements AuditLog {
  private final PageTokens tokens;
  private final Map<TenantId, TreeMap<String, AuditEntry>> entries = new HashMap<>();

  public InMemoryAuditLog(PageTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public synchronized void append(AuditEntry entry) {
    entries
        .computeIfAbsent(entry.tenant(), t -> new TreeMap<>(Comparator.reverseOrder()))
        .putIfAbsent(SortableTime.format(entry.at()) + "#" + entry.entryId(), entry);
  }

  @Override
  public synchronized Page<AuditEntry> list(TenantId tenant, PageRequest page) {
    TreeMap<String, AuditEntry> sorted = new TreeMap<>(Comparator.reverseOrder());
    sorted.putAll(entries.getOrDefault(tenant, new TreeMap<>()));
    return InMemoryPaging.page(tokens, tenant, "audit", sorted, page);
  }
}
