package dev.gennaker.aws.dynamodb;

import dev.gennaker.core.cluster.ClusterStore;
import dev.gennaker.core.cluster.ClusterStoreContract;
import dev.gennaker.core.store.PageTokens;

class DynamoDbClusterStoreTest extends ClusterStoreContract {
  @Override
  protected ClusterStore newStore(PageTokens tokens) {
    return new DynamoDbClusterStore(LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE, tokens);
  }
}
