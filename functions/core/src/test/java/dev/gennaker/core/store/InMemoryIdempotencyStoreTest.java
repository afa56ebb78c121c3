package dev.gennaker.core.store;

import java.time.Clock;

class InMemoryIdempotencyStoreTest extends IdempotencyStoreContract {
  @Override
  protected IdempotencyStore newStore(Clock clock) {
    return new InMemoryIdempotencyStore(clock);
  }
}
