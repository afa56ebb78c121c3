package dev.gennaker.aws.dynamodb;

import static dev.gennaker.aws.dynamodb.ItemTable.key;
import static dev.gennaker.aws.dynamodb.ItemTable.s;

import dev.gennaker.core.manifest.ConfigVersionStore;
import dev.gennaker.core.manifest.ConfigVersioning;
import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link ConfigVersionStore} on the single table: one partition per ConfigMap or Secret of an
 * application ({@code T#<tenant>#APP#<application>#CONFIG#<namespace>#<kind>#<name>}), one item per
 * version ({@code V#<number>}) holding its content hash. Reading the versions is one Query (they
 * are few: one per distinct content).
 */
public final class DynamoDbConfigVersionStore implements ConfigVersionStore {
  private final DynamoDbClient dynamo;
  private final String tableName;

  public DynamoDbConfigVersionStore(DynamoDbClient dynamo, String tableName) {
    this.dynamo = dynamo;
    this.tableName = tableName;
  }

  private static String partition(
      TenantId tenant, String application, String namespace, String kind, String name) {
    return ItemKeys.tenant(tenant)
        + "#APP#"
        + Ids.require("application", application)
        + "#CONFIG#"
        + (namespace == null ? "_" : Ids.require("namespace", namespace))
        + "#"
        + Ids.require("kind", kind)
        + "#"
        + Ids.require("name", name);
  }

  @Override
  public List<ConfigVersioning.ExistingVersion> versions(
      TenantId tenant, String application, String namespace, String kind, String baseName) {
    String pk = partition(tenant, application, namespace, kind, baseName);
    List<ConfigVersioning.ExistingVersion> out = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse page =
          ItemTable.call(
              "Query",
              () ->
                  dynamo.query(
                      b -> {
                        b.tableName(tableName)
                            .keyConditionExpression("pk = :pk")
                            .expressionAttributeValues(Map.of(":pk", s(pk)))
                            .consistentRead(true);
                        if (from != null) {
                          b.exclusiveStartKey(from);
                        }
                      }));
      for (Map<String, AttributeValue> item : page.items()) {
        out.add(
            new ConfigVersioning.ExistingVersion(
                Integer.parseInt(item.get("number").n()), item.get("contentHash").s()));
      }
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
    return out;
  }

  @Override
  public void record(TenantId tenant, String application, ConfigVersioning.ConfigVersion v) {
    Map<String, AttributeValue> item =
        new HashMap<>(
            key(
                partition(tenant, application, v.namespace(), v.kind(), v.baseName()),
                "V#" + String.format("%06d", v.number())));
    item.put(TableSchema.TYPE, s("CONFIG_VERSION"));
    item.put("number", ItemTable.n(v.number()));
    item.put("contentHash", s(v.contentHash()));
    item.put("name", s(v.name()));
    ItemTable.call("PutItem", () -> dynamo.putItem(b -> b.tableName(tableName).item(item)));
  }
}
