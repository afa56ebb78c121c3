package dev.gennaker.aws.dynamodb;

import static dev.gennaker.aws.dynamodb.ItemTable.key;
import static dev.gennaker.aws.dynamodb.ItemTable.n;
import static dev.gennaker.aws.dynamodb.ItemTable.s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gennaker.core.agent.CommandDeliveries;
import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link CommandDeliveries} on the single table: {@code pk=T#<tenant>#AGENT#<agent>, sk=CMD#<id>},
 * expiring after a day (the table's TTL) in case a result never comes.
 */
public final class DynamoDbCommandDeliveries implements CommandDeliveries {
  static final Duration KEEP = Duration.ofDays(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DynamoDbClient dynamo;
  private final String tableName;
  private final Clock clock;

  public DynamoDbCommandDeliveries(DynamoDbClient dynamo, String tableName, Clock clock) {
    this.dynamo = dynamo;
    this.tableName = tableName;
    this.clock = clock;
  }

  private static Map<String, AttributeValue> itemKey(
      TenantId tenant, String agentId, String commandId) {
    return key(
        ItemKeys.tenant(tenant) + "#AGENT#" + Ids.require("agent id", agentId),
        "CMD#" + Ids.require("command id", commandId));
  }

  @Override
  public void put(TenantId tenant, String agentId, String commandId, Delivery delivery) {
    Map<String, AttributeValue> item = new HashMap<>(itemKey(tenant, agentId, commandId));
    item.put(TableSchema.TYPE, s("COMMAND_DELIVERY"));
    item.put("receipt", s(delivery.receipt()));
    item.put("commandType", s(delivery.type()));
    try {
      item.put("parameters", s(JSON.writeValueAsString(delivery.parameters())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    item.put(TableSchema.TTL, n(clock.instant().plus(KEEP).getEpochSecond()));
    ItemTable.call("PutItem", () -> dynamo.putItem(b -> b.tableName(tableName).item(item)));
  }

  @Override
  public Optional<Delivery> get(TenantId tenant, String agentId, String commandId) {
    var response =
        ItemTable.call(
            "GetItem",
            () ->
                dynamo.getItem(
                    b ->
                        b.tableName(tableName)
                            .key(itemKey(tenant, agentId, commandId))
                            .consistentRead(true)));
    if (!response.hasItem() || response.item().isEmpty()) {
      return Optional.empty();
    }
    var item = response.item();
    try {
      Map<String, String> parameters =
          JSON.readValue(item.get("parameters").s(), new TypeReference<Map<String, String>>() {});
      return Optional.of(
          new Delivery(item.get("receipt").s(), item.get("commandType").s(), parameters));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored command delivery is malformed", e);
    }
  }

  @Override
  public void remove(TenantId tenant, String agentId, String commandId) {
    ItemTable.call(
        "DeleteItem",
        () ->
            dynamo.deleteItem(
                b -> b.tableName(tableName).key(itemKey(tenant, agentId, commandId))));
  }
}
