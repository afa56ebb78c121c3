package dev.gennaker.slack.aws;

import dev.gennaker.aws.dynamodb.LocalDynamoDb;
import dev.gennaker.core.slack.SlackDirectory;
import dev.gennaker.core.slack.SlackDirectoryContract;

/** The directory's contract over DynamoDB Local (the table shared by the suites). */
class DynamoDbSlackDirectoryTest extends SlackDirectoryContract {
  @Override
  protected SlackDirectory newStore() {
    return new DynamoDbSlackDirectory(LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE);
  }
}
