package dev.gennaker.core.tenant;

import dev.gennaker.core.store.PageTokens;

class InMemoryApiKeyStoreTest extends ApiKeyStoreContract {
  @Override
  protected ApiKeyStore newStore(PageTokens tokens) {
    return new InMemoryApiKeyStore(tokens);
  }
}
