package dev.gennaker.aws.dynamodb;

import static dev.gennaker.aws.dynamodb.ItemTable.key;
import static dev.gennaker.aws.dynamodb.ItemTable.n;
import static dev.gennaker.aws.dynamodb.ItemTable.s;

import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.core.trigger.DeliveryResults;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link DeliveryResults} on the single table: one item per delivery, partition {@code
 * T#<tenant>#DELIVERYRESULT#<source>#<id>}, the started execution ids as a list, the table's TTL
 * attribute set to the expiry. Reads are strongly consistent and treat an item past its expiry as
 * absent (DynamoDB deletes expired items only eventually). One PutItem per record, one GetItem per
 * lookup.
 */
public final class DynamoDbDeliveryResults implements DeliveryResults {
  private static final String SK = "RESULT";
  private static final String EXECUTIONS = "executionIds";

  private final DynamoDbClient dynamo;
  private final String tableName;
  private final Clock clock;

  public DynamoDbDeliveryResults(DynamoDbClient dynamo, String tableName, Clock clock) {
    this.dynamo = dynamo;
    this.tableName = tableName;
    this.clock = clock;
  }

  @Override
  public Optional<List<String>> find(TenantId tenant, String source, String deliveryId) {
    Map<String, AttributeValue> item =
        ItemTable.call(
                "GetItem",
                () ->
                    dynamo.getItem(
                        b ->
                            b.tableName(tableName)
                                .key(key(pk(tenant, source, deliveryId), SK))
                                .consistentRead(true)))
            .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    AttributeValue expiry = item.get(TableSchema.TTL);
    if (expiry != null && Long.parseLong(expiry.n()) <= clock.instant().getEpochSecond()) {
      return Optional.empty();
    }
    AttributeValue ids = item.get(EXECUTIONS);
    return Optional.of(ids == null ? List.of() : ids.l().stream().map(AttributeValue::s).toList());
  }

  @Override
  public void record(
      TenantId tenant, String source, String deliveryId, List<String> executionIds, Duration ttl) {
    Map<String, AttributeValue> item = new HashMap<>(key(pk(tenant, source, deliveryId), SK));
    item.put(TableSchema.TYPE, s("DELIVERYRESULT"));
    item.put(EXECUTIONS, AttributeValue.fromL(executionIds.stream().map(ItemTable::s).toList()));
    item.put(TableSchema.TTL, n(clock.instant().getEpochSecond() + Math.max(0, ttl.toSeconds())));
    ItemTable.call("PutItem", () -> dynamo.putItem(b -> b.tableName(tableName).item(item)));
  }

  private static String pk(TenantId tenant, String source, String deliveryId) {
    return "T#"
        + tenant.value()
        + "#DELIVERYRESULT#"
        + Ids.require("source", source)
        + "#"
        + Ids.require("delivery id", deliveryId);
  }
}
