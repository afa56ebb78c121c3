package dev.gennaker.aws.dynamodb;

import dev.gennaker.core.approval.ApprovalStore;
import dev.gennaker.core.approval.ApprovalStoreContract;
import dev.gennaker.core.store.PageTokens;

class DynamoDbApprovalStoreTest extends ApprovalStoreContract {
  @Override
  protected ApprovalStore newStore(PageTokens tokens) {
    return new DynamoDbApprovalStore(LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE, tokens);
  }
}
