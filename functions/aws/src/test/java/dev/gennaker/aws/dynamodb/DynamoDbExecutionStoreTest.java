package dev.gennaker.aws.dynamodb;

import dev.gennaker.core.execution.ExecutionStore;
import dev.gennaker.core.execution.ExecutionStoreContract;
import dev.gennaker.core.store.PageTokens;

class DynamoDbExecutionStoreTest extends ExecutionStoreContract {
  @Override
  protected ExecutionStore newStore(PageTokens tokens) {
    return new DynamoDbExecutionStore(LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE, tokens);
  }
}
