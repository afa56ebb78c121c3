package dev.gennaker.aws.dynamodb;

import dev.gennaker.core.trigger.ScheduleCursors;
import dev.gennaker.core.trigger.ScheduleCursorsContract;

class DynamoDbScheduleCursorsTest extends ScheduleCursorsContract {
  @Override
  protected ScheduleCursors newStore() {
    return new DynamoDbScheduleCursors(LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE);
  }
}
