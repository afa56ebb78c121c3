package dev.gennaker.core.secret;

class InMemorySecretStoreTest extends SecretStoreContract {
  @Override
  protected SecretStore newStore() {
    return new InMemorySecretStore();
  }
}
