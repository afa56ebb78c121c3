package dev.gennaker.core.approval;

import dev.gennaker.core.store.PageTokens;

class InMemoryApprovalStoreTest extends ApprovalStoreContract {
  @Override
  protected ApprovalStore newStore(PageTokens tokens) {
    return new InMemoryApprovalStore(tokens);
  }
}
