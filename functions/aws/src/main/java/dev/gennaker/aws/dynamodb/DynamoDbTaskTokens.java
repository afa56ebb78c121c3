package dev.gennaker.aws.dynamodb;

import static dev.gennaker.aws.dynamodb.ItemTable.key;
import static dev.gennaker.aws.dynamodb.ItemTable.s;

import dev.gennaker.core.runner.TaskTokens;
import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.TenantId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link TaskTokens} on the single table, in the execution's own partition ({@code
 * T#<tenant>#EX#<execution>}, sort key {@code TOKEN#<stage>#<attempt>}): one PutItem, GetItem or
 * DeleteItem per call. The token is an attribute of its own, never part of any document the API
 * returns.
 */
public final class DynamoDbTaskTokens implements TaskTokens {
  static final String TOKEN = "taskToken";

  private final DynamoDbClient dynamo;
  private final String tableName;

  public DynamoDbTaskTokens(DynamoDbClient dynamo, String tableName) {
    this.dynamo = dynamo;
    this.tableName = tableName;
  }

  private static Map<String, AttributeValue> itemKey(
      TenantId tenant, String executionId, String stage, int attempt) {
    return key(
        ItemKeys.execution(tenant, Ids.require("execution id", executionId)),
        "TOKEN#" + stage.replace('#', '_') + "#" + attempt);
  }

  @Override
  public void put(TenantId tenant, String executionId, String stageId, int attempt, String token) {
    Map<String, AttributeValue> item =
        new HashMap<>(itemKey(tenant, executionId, stageId, attempt));
    item.put(TableSchema.TYPE, s("TASK_TOKEN"));
    item.put(TOKEN, s(token));
    ItemTable.call("PutItem", () -> dynamo.putItem(b -> b.tableName(tableName).item(item)));
  }

  @Override
  public Optional<String> get(TenantId tenant, String executionId, String stageId, int attempt) {
    var response =
        ItemTable.call(
            "GetItem",
            () ->
                dynamo.getItem(
                    b ->
                        b.tableName(tableName)
                            .key(itemKey(tenant, executionId, stageId, attempt))
                            .consistentRead(true)));
    return response.hasItem() && response.item().containsKey(TOKEN)
        ? Optional.of(response.item().get(TOKEN).s())
        : Optional.empty();
  }

  @Override
  public void remove(TenantId tenant, String executionId, String stageId, int attempt) {
    ItemTable.call(
        "DeleteItem",
        () ->
            dynamo.deleteItem(
                b -> b.tableName(tableName).key(itemKey(tenant, executionId, stageId, attempt))));
  }
}
