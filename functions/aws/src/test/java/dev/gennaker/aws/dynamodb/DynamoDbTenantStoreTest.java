package dev.gennaker.aws.dynamodb;

import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.TenantStore;
import dev.gennaker.core.tenant.TenantStoreContract;

class DynamoDbTenantStoreTest extends TenantStoreContract {
  @Override
  protected TenantStore newStore(PageTokens tokens) {
    return new DynamoDbTenantStore(LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE, tokens);
  }
}
