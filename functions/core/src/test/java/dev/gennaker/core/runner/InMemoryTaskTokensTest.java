package dev.gennaker.core.runner;

class InMemoryTaskTokensTest extends TaskTokensContract {
  @Override
  protected TaskTokens newTokens() {
    return new InMemoryTaskTokens();
  }
}
