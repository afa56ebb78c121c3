package dev.gennaker.aws.dynamodb;

import dev.gennaker.core.slack.SlackConnections;
import dev.gennaker.core.slack.SlackConnectionsContract;
import dev.gennaker.core.store.Fixtures;

class DynamoDbSlackConnectionsTest extends SlackConnectionsContract {
  @Override
  protected SlackConnections newStore() {
    return new DynamoDbSlackConnections(
        LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE, Fixtures.TOKENS);
  }
}
