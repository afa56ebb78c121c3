package dev.gennaker.aws.dynamodb;

import static dev.gennaker.aws.dynamodb.ItemTable.key;
import static dev.gennaker.aws.dynamodb.ItemTable.n;
import static dev.gennaker.aws.dynamodb.ItemTable.s;

import dev.gennaker.core.cluster.RegistrationTokens;
import dev.gennaker.core.tenant.ApiKeys;
import dev.gennaker.core.tenant.TenantId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * {@link RegistrationTokens} on the single table: one item per token under the tenant the token
 * names ({@code T#<tenant>#REGTOKEN#<sha256>}), holding only the hash, the cluster, the expiry
 * (also the table's TTL) and whether it was used. Redeeming is one conditional UpdateItem, so
 * exactly one of concurrent redemptions wins.
 */
public final class DynamoDbRegistrationTokens implements RegistrationTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DynamoDbClient dynamo;
  private final String tableName;
  private final Clock clock;

  public DynamoDbRegistrationTokens(DynamoDbClient dynamo, String tableName, Clock clock) {
    this.dynamo = dynamo;
    this.tableName = tableName;
    this.clock = clock;
  }

  private static Map<String, AttributeValue> itemKey(TenantId tenant, String token) {
    return key(ItemKeys.tenant(tenant) + "#REGTOKEN#" + ApiKeys.sha256Hex(token), "REGTOKEN");
  }

  @Override
  public String issue(TenantId tenant, String clusterId, Duration ttl) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = RegistrationTokens.format(tenant, secret);
    Map<String, AttributeValue> item = new HashMap<>(itemKey(tenant, token));
    item.put(TableSchema.TYPE, s("REGISTRATION_TOKEN"));
    item.put("clusterId", s(clusterId));
    item.put("used", AttributeValue.fromBool(false));
    item.put(TableSchema.TTL, n(clock.instant().plus(ttl).getEpochSecond()));
    ItemTable.call("PutItem", () -> dynamo.putItem(b -> b.tableName(tableName).item(item)));
    return token;
  }

  @Override
  public Redemption redeem(String token) {
    Optional<TenantId> tenant = RegistrationTokens.tenantOf(token);
    if (tenant.isEmpty()) {
      return new Redemption(Outcome.UNKNOWN_OR_EXPIRED, Optional.empty());
    }
    long now = clock.instant().getEpochSecond();
    try {
      var response =
          ItemTable.call(
              "UpdateItem",
              () ->
                  dynamo.updateItem(
                      b ->
                          b.tableName(tableName)
                              .key(itemKey(tenant.get(), token))
                              .updateExpression("SET #u = :true")
                              .conditionExpression(
                                  "attribute_exists(pk) AND #u = :false AND #e > :now")
                              .expressionAttributeNames(Map.of("#u", "used", "#e", TableSchema.TTL))
                              .expressionAttributeValues(
                                  Map.of(
                                      ":true", AttributeValue.fromBool(true),
                                      ":false", AttributeValue.fromBool(false),
                                      ":now", n(now)))
                              .returnValues("ALL_NEW")
                              .returnValuesOnConditionCheckFailure(
                                  ReturnValuesOnConditionCheckFailure.ALL_OLD)));
      return new Redemption(
          Outcome.REDEEMED,
          Optional.of(new Registration(tenant.get(), response.attributes().get("clusterId").s())));
    } catch (ConditionalCheckFailedException e) {
      Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
      boolean used = old.containsKey("used") && Boolean.TRUE.equals(old.get("used").bool());
      boolean live =
          old.containsKey(TableSchema.TTL) && Long.parseLong(old.get(TableSchema.TTL).n()) > now;
      return new Redemption(
          used && live ? Outcome.ALREADY_USED : Outcome.UNKNOWN_OR_EXPIRED, Optional.empty());
    }
  }
}
