package dev.gennaker.core.tenant;

import dev.gennaker.core.store.PageTokens;

class InMemoryTenantStoreTest extends TenantStoreContract {
  @Override
  protected TenantStore newStore(PageTokens tokens) {
    return new InMemoryTenantStore(tokens);
  }
}
