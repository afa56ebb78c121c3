package dev.gennaker.core.execution;

import dev.gennaker.core.store.PageTokens;

class InMemoryExecutionStoreTest extends ExecutionStoreContract {
  @Override
  protected ExecutionStore newStore(PageTokens tokens) {
    return new InMemoryExecutionStore(tokens);
  }
}
