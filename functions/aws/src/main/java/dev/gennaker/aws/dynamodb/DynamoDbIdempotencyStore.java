package dev.gennaker.aws.dynamodb;

import static dev.gennaker.aws.dynamodb.ItemTable.key;
import static dev.gennaker.aws.dynamodb.ItemTable.n;
import static dev.gennaker.aws.dynamodb.ItemTable.s;

import dev.gennaker.core.store.IdempotencyStore;
import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link IdempotencyStore} on the single table: one item per delivery, partition {@code
 * T#<tenant>#DELIVERY#<source>#<id>}, with the table's TTL attribute set to its expiry. DynamoDB
 * deletes expired items only eventually (typically within days), so the conditional put also treats
 * an item whose expiry has passed as absent: one PutItem per sighting, no read.
 */
public final class DynamoDbIdempotencyStore implements IdempotencyStore {
  private final DynamoDbClient dynamo;
  private final String tableName;
  private final Clock clock;

  public DynamoDbIdempotencyStore(DynamoDbClient dynamo, String tableName, Clock clock) {
    this.dynamo = dynamo;
    this.tableName = tableName;
    this.clock = clock;
  }

  @Override
  public boolean firstSighting(TenantId tenant, String source, String deliveryId, Duration ttl) {
    long now = clock.instant().getEpochSecond();
    Map<String, AttributeValue> item =
        new HashMap<>(
            key(
                ItemKeys.delivery(
                    tenant, Ids.require("source", source), Ids.require("delivery id", deliveryId)),
                "DELIVERY"));
    item.put(TableSchema.TYPE, s("DELIVERY"));
    item.put(TableSchema.TTL, n(now + Math.max(1, ttl.toSeconds())));
    try {
      ItemTable.call(
          "PutItem",
          () ->
              dynamo.putItem(
                  b ->
                      b.tableName(tableName)
                          .item(item)
                          .conditionExpression("attribute_not_exists(pk) OR #e <= :now")
                          .expressionAttributeNames(Map.of("#e", TableSchema.TTL))
                          .expressionAttributeValues(Map.of(":now", n(now)))));
      return true;
    } catch (ConditionalCheckFailedException duplicate) {
      return false;
    }
  }
}
