package dev.gennaker.core.store;

class InMemoryPipelineStoreTest extends PipelineStoreContract {
  @Override
  protected PipelineStore newStore(PageTokens tokens) {
    return new InMemoryPipelineStore(tokens);
  }
}
