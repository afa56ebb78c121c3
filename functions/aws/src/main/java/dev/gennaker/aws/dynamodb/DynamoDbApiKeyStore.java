package dev.gennaker.aws.dynamodb;

import static dev.gennaker.aws.dynamodb.ItemTable.item;

import dev.gennaker.aws.dynamodb.ItemTable.KeyQuery;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.ApiKey;
import dev.gennaker.core.tenant.ApiKeyStore;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link ApiKeyStore} on the single table: {@code APIKEY#<keyId>} items in the tenant's partition.
 * Verifying a presented key is one GetItem (the key carries tenant and key id).
 */
public final class DynamoDbApiKeyStore implements ApiKeyStore {
  private final ItemTable table;

  public DynamoDbApiKeyStore(DynamoDbClient dynamo, String tableName, PageTokens tokens) {
    this.table = new ItemTable(dynamo, tableName, tokens);
  }

  @Override
  public void create(ApiKey key) {
    table.putNew(
        item(ItemKeys.tenant(key.tenant()), "APIKEY#" + key.keyId(), "APIKEY", 1, key),
        () -> "API key " + key.keyId() + " already exists");
  }

  @Override
  public Optional<ApiKey> get(TenantId tenant, String keyId) {
    return table.get(ItemKeys.tenant(tenant), "APIKEY#" + keyId).map(DynamoDbApiKeyStore::decode);
  }

  private static final String LAST_USED = "lastUsed";

  private static ApiKey decode(Map<String, AttributeValue> item) {
    ApiKey key = ItemTable.read(item, ApiKey.class);
    AttributeValue used = item.get(LAST_USED);
    return used == null ? key : key.withLastUsedAt(Instant.parse(used.s()));
  }

  @Override
  public void touch(TenantId tenant, String keyId, Instant at) {
    try {
      ItemTable.call(
          "UpdateItem",
          () ->
              table
                  .dynamo()
                  .updateItem(
                      b ->
                          b.tableName(table.tableName())
                              .key(ItemTable.key(ItemKeys.tenant(tenant), "APIKEY#" + keyId))
                              .updateExpression("SET #u = :at")
                              .conditionExpression(
                                  "attribute_exists(pk) AND (attribute_not_exists(#u) OR #u < :at)")
                              .expressionAttributeNames(Map.of("#u", LAST_USED))
                              .expressionAttributeValues(
                                  Map.of(":at", ItemTable.s(ItemKeys.time(at))))));
    } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
      // absent key, or a newer use already recorded
    }
  }

  @Override
  public void delete(TenantId tenant, String keyId) {
    table.delete(ItemKeys.tenant(tenant), "APIKEY#" + keyId);
  }

  @Override
  public Page<ApiKey> list(TenantId tenant, PageRequest page) {
    return table.page(
        tenant,
        "api-keys",
        KeyQuery.table(ItemKeys.tenant(tenant), "APIKEY#"),
        true,
        page,
        DynamoDbApiKeyStore::decode);
  }

  @Override
  public ApiKey revoke(TenantId tenant, String keyId, Instant at) {
    String pk = ItemKeys.tenant(tenant);
    Map<String, AttributeValue> current =
        table
            .get(pk, "APIKEY#" + keyId)
            .orElseThrow(() -> new NotFoundException("API key " + keyId + " does not exist"));
    ApiKey key = decode(current);
    if (!key.isActive()) {
      return key;
    }
    ApiKey revoked = key.revoked(at);
    try {
      table.updateVersioned(
          pk,
          "APIKEY#" + keyId,
          ItemTable.version(current),
          Map.of(TableSchema.DOC, ItemTable.s(ItemTable.doc(revoked))),
          List.of(),
          "API key " + keyId);
    } catch (ConflictException concurrentRevoke) {
      return get(tenant, keyId).orElseThrow();
    }
    return revoked;
  }
}
