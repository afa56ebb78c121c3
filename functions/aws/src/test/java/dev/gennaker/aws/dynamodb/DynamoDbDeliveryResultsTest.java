package dev.gennaker.aws.dynamodb;

import dev.gennaker.core.trigger.DeliveryResults;
import dev.gennaker.core.trigger.DeliveryResultsContract;
import java.time.Clock;

class DynamoDbDeliveryResultsTest extends DeliveryResultsContract {
  @Override
  protected DeliveryResults newStore(Clock clock) {
    return new DynamoDbDeliveryResults(LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE, clock);
  }
}
