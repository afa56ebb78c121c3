package dev.gennaker.aws.dynamodb;

import static dev.gennaker.aws.dynamodb.ItemTable.key;
import static dev.gennaker.aws.dynamodb.ItemTable.s;

import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.core.trigger.ScheduleCursors;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link ScheduleCursors} on the single table: one item per schedule, partition {@code
 * T#<tenant>#SCHEDULE#<key>}, the cursor as ISO-8601 text. {@link #advance} is one conditional
 * PutItem (absent, or cursor equal to the expected one); a lost race is a conditional-check
 * failure, answered as false.
 */
public final class DynamoDbScheduleCursors implements ScheduleCursors {
  private static final String SK = "CURSOR";
  private static final String CURSOR = "cursor";

  private final DynamoDbClient dynamo;
  private final String tableName;

  public DynamoDbScheduleCursors(DynamoDbClient dynamo, String tableName) {
    this.dynamo = dynamo;
    this.tableName = tableName;
  }

  @Override
  public Optional<Instant> get(TenantId tenant, String scheduleKey) {
    Map<String, AttributeValue> item =
        ItemTable.call(
                "GetItem",
                () ->
                    dynamo.getItem(
                        b ->
                            b.tableName(tableName)
                                .key(key(pk(tenant, scheduleKey), SK))
                                .consistentRead(true)))
            .item();
    if (item == null || item.isEmpty() || !item.containsKey(CURSOR)) {
      return Optional.empty();
    }
    return Optional.of(Instant.parse(item.get(CURSOR).s()));
  }

  @Override
  public boolean advance(
      TenantId tenant, String scheduleKey, Optional<Instant> expected, Instant next) {
    Map<String, AttributeValue> item = new HashMap<>(key(pk(tenant, scheduleKey), SK));
    item.put(TableSchema.TYPE, s("SCHEDULE"));
    item.put(CURSOR, s(next.toString()));
    try {
      ItemTable.call(
          "PutItem",
          () ->
              dynamo.putItem(
                  b -> {
                    b.tableName(tableName).item(item);
                    if (expected.isEmpty()) {
                      b.conditionExpression("attribute_not_exists(pk)");
                    } else {
                      b.conditionExpression("#c = :expected")
                          .expressionAttributeNames(Map.of("#c", CURSOR))
                          .expressionAttributeValues(
                              Map.of(":expected", s(expected.get().toString())));
                    }
                  }));
      return true;
    } catch (ConditionalCheckFailedException lost) {
      return false;
    }
  }

  private static String pk(TenantId tenant, String scheduleKey) {
    return "T#" + tenant.value() + "#SCHEDULE#" + Ids.require("schedule key", scheduleKey);
  }
}
