package dev.gennaker.slack.aws;

import dev.gennaker.aws.dynamodb.TableSchema;
import dev.gennaker.core.slack.SlackDirectory;
import dev.gennaker.core.store.StoreUnavailableException;
import dev.gennaker.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link SlackDirectory} on the single table: one small item per connected tenant in the partition
 * {@code SLACK#DIRECTORY}, sort key {@code T#<tenant>}. Listing is one Query per 1 MB page (tens of
 * thousands of tenants), run by the reminder sweep once a minute, never on a request path. It lives
 * here rather than in {@code gennaker-aws} because only the Slack functions use it.
 */
public final class DynamoDbSlackDirectory implements SlackDirectory {
  static final String PARTITION = "SLACK#DIRECTORY";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbSlackDirectory(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  private static Map<String, AttributeValue> key(TenantId tenant) {
    Map<String, AttributeValue> key = new HashMap<>();
    key.put(TableSchema.PK, AttributeValue.fromS(PARTITION));
    key.put(TableSchema.SK, AttributeValue.fromS("T#" + tenant.value()));
    return key;
  }

  @Override
  public void add(TenantId tenant) {
    Map<String, AttributeValue> item = key(tenant);
    item.put(TableSchema.TYPE, AttributeValue.fromS("SlackDirectoryEntry"));
    item.put("tenantId", AttributeValue.fromS(tenant.value()));
    try {
      dynamo.putItem(b -> b.tableName(table).item(item));
    } catch (SdkException e) {
      throw new StoreUnavailableException("the Slack directory could not be written", e);
    }
  }

  @Override
  public void remove(TenantId tenant) {
    try {
      dynamo.deleteItem(b -> b.tableName(table).key(key(tenant)));
    } catch (SdkException e) {
      throw new StoreUnavailableException("the Slack directory could not be written", e);
    }
  }

  @Override
  public List<TenantId> all() {
    List<TenantId> tenants = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    try {
      do {
        QueryRequest.Builder q =
            QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", TableSchema.PK))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(PARTITION)))
                .projectionExpression("tenantId");
        if (start != null) {
          q.exclusiveStartKey(start);
        }
        QueryResponse page = dynamo.query(q.build());
        for (Map<String, AttributeValue> item : page.items()) {
          tenants.add(TenantId.of(item.get("tenantId").s()));
        }
        start =
            page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? page.lastEvaluatedKey()
                : null;
      } while (start != null);
    } catch (SdkException e) {
      throw new StoreUnavailableException("the Slack directory could not be read", e);
    }
    return tenants;
  }
}
