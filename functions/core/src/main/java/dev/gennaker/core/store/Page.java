package dev.gennaker.core.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing. {@code nextToken} is present when more items may follow; pass it back
 * unchanged in the next {@link PageRequest} of the same query, by the same tenant.
 */
public record Page<T>(List<T> items, Optional<String> nextToken) {
  public Page {
    items = List.copyOf(items);
    nextToken = nextToken == null ? Optional.empty() : nextToken;
  }

  public static <T> Page<T> last(List<T> items) {
    return new Page<>(items, Optional.empty());
  }
}
