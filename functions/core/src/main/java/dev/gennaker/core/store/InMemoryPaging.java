package dev.gennaker.core.store;

import dev.gennaker.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Pages through a sorted map for the in-memory stores, with the same signed, tenant- and
 * query-bound tokens the real adapters use, so the contract suites test token binding everywhere.
 */
public final class InMemoryPaging {
  private InMemoryPaging() {}

  /**
   * One page of {@code sorted} (already in the listing's order) after the token's cursor. The map
   * must already contain only {@code tenant}'s items.
   */
  public static <T> Page<T> page(
      PageTokens tokens,
      TenantId tenant,
      String query,
      NavigableMap<String, T> sorted,
      PageRequest request) {
    NavigableMap<String, T> rest = sorted;
    if (request.token().isPresent()) {
      String after = tokens.open(tenant, query, request.token().get()).get("after");
      if (after == null) {
        throw new InvalidPageTokenException("page token is malformed");
      }
      rest = sorted.tailMap(after, false);
    }
    List<T> items = new ArrayList<>();
    String last = null;
    Iterator<Map.Entry<String, T>> it = rest.entrySet().iterator();
    while (it.hasNext() && items.size() < request.limit()) {
      Map.Entry<String, T> e = it.next();
      items.add(e.getValue());
      last = e.getKey();
    }
    Optional<String> next =
        it.hasNext()
            ? Optional.of(tokens.issue(tenant, query, Map.of("after", last)))
            : Optional.empty();
    return new Page<>(items, next);
  }
}
