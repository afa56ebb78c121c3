package dev.gennaker.aws.dynamodb;

import dev.gennaker.core.slack.SlackMessages;
import dev.gennaker.core.slack.SlackMessagesContract;
import dev.gennaker.core.store.Fixtures;

class DynamoDbSlackMessagesTest extends SlackMessagesContract {
  @Override
  protected SlackMessages newStore() {
    return new DynamoDbSlackMessages(
        LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE, Fixtures.TOKENS);
  }
}
