package dev.gennaker.aws.dynamodb;

import static dev.gennaker.aws.dynamodb.ItemTable.item;

import dev.gennaker.aws.dynamodb.ItemTable.KeyQuery;
import dev.gennaker.core.slack.SlackMessage;
import dev.gennaker.core.slack.SlackMessages;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link SlackMessages} on the single table: one item per message ({@code SLACKMSG#<key>}) in the
 * execution's partition {@code T#<tenant>#EX#<executionId>}, beside its stages and timeline.
 */
public final class DynamoDbSlackMessages implements SlackMessages {
  private final ItemTable table;

  public DynamoDbSlackMessages(DynamoDbClient dynamo, String tableName, PageTokens tokens) {
    this.table = new ItemTable(dynamo, tableName, tokens);
  }

  @Override
  public void put(SlackMessage message) {
    table.put(
        item(
            ItemKeys.execution(message.tenant(), message.executionId()),
            "SLACKMSG#" + message.key(),
            "SLACKMSG",
            1,
            message));
  }

  @Override
  public Optional<SlackMessage> get(TenantId tenant, String executionId, String key) {
    return table
        .get(ItemKeys.execution(tenant, executionId), "SLACKMSG#" + key)
        .map(i -> ItemTable.read(i, SlackMessage.class));
  }

  @Override
  public List<SlackMessage> list(TenantId tenant, String executionId) {
    List<SlackMessage> all = new ArrayList<>();
    PageRequest request = PageRequest.first(100);
    while (true) {
      Page<SlackMessage> page =
          table.page(
              tenant,
              "slack-messages:" + executionId,
              KeyQuery.table(ItemKeys.execution(tenant, executionId), "SLACKMSG#"),
              true,
              request,
              i -> ItemTable.read(i, SlackMessage.class));
      all.addAll(page.items());
      if (page.nextToken().isEmpty()) {
        return all;
      }
      request = PageRequest.after(100, page.nextToken().get());
    }
  }
}
