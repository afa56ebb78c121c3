package dev.gennaker.aws.dynamodb;

import dev.gennaker.core.store.IdempotencyStore;
import dev.gennaker.core.store.IdempotencyStoreContract;
import java.time.Clock;

class DynamoDbIdempotencyStoreTest extends IdempotencyStoreContract {
  @Override
  protected IdempotencyStore newStore(Clock clock) {
    return new DynamoDbIdempotencyStore(
        LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE, clock);
  }
}
