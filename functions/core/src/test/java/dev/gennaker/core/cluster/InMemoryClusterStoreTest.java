package dev.gennaker.core.cluster;

import dev.gennaker.core.store.PageTokens;

class InMemoryClusterStoreTest extends ClusterStoreContract {
  @Override
  protected ClusterStore newStore(PageTokens tokens) {
    return new InMemoryClusterStore(tokens);
  }
}
