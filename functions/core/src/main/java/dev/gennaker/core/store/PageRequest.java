package dev.gennaker.core.store;

import java.util.Optional;

/** Asks for at most {@code limit} items (1..100), starting after {@code token} when present. */
public record PageRequest(int limit, Optional<String> token) {
  public static final int MAX_LIMIT = 100;

  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("page limit must be 1.." + MAX_LIMIT + ", was " + limit);
    }
    token = token == null ? Optional.empty() : token;
  }

  public static PageRequest first(int limit) {
    return new PageRequest(limit, Optional.empty());
  }

  public static PageRequest after(int limit, String token) {
    return new PageRequest(limit, Optional.of(token));
  }
}
