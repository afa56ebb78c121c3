package dev.gennaker.core.manifest;

class InMemoryConfigVersionStoreTest extends ConfigVersionStoreContract {
  @Override
  protected ConfigVersionStore newStore() {
    return new InMemoryConfigVersionStore();
  }
}
