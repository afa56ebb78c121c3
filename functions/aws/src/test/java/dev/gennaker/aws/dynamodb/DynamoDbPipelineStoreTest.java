package dev.gennaker.aws.dynamodb;

import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.store.PipelineStore;
import dev.gennaker.core.store.PipelineStoreContract;

class DynamoDbPipelineStoreTest extends PipelineStoreContract {
  @Override
  protected PipelineStore newStore(PageTokens tokens) {
    return new DynamoDbPipelineStore(LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE, tokens);
  }
}
