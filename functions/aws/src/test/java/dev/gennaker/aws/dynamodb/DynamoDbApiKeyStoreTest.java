package dev.gennaker.aws.dynamodb;

import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.ApiKeyStore;
import dev.gennaker.core.tenant.ApiKeyStoreContract;

class DynamoDbApiKeyStoreTest extends ApiKeyStoreContract {
  @Override
  protected ApiKeyStore newStore(PageTokens tokens) {
    return new DynamoDbApiKeyStore(LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE, tokens);
  }
}
