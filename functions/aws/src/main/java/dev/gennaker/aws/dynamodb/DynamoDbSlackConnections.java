package dev.gennaker.aws.dynamodb;

import static dev.gennaker.aws.dynamodb.ItemTable.item;
import static dev.gennaker.aws.dynamodb.ItemTable.s;

import dev.gennaker.core.slack.SlackConnection;
import dev.gennaker.core.slack.SlackConnections;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.Ids;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link SlackConnections} on the single table: the connection ({@code SLACK}) and the explicit
 * user mappings ({@code SLACKUSER#<slackUserId>}) live in the tenant's partition {@code
 * T#<tenant>}. The connection also carries GSI1 keys {@code SLACK#TEAM#<teamId>} / {@code
 * T#<tenant>}, so an interaction, which names only its workspace, finds its tenant with one index
 * Query.
 */
public final class DynamoDbSlackConnections implements SlackConnections {
  private final DynamoDbClient dynamo;
  private final ItemTable table;

  public DynamoDbSlackConnections(DynamoDbClient dynamo, String tableName, PageTokens tokens) {
    this.dynamo = dynamo;
    this.table = new ItemTable(dynamo, tableName, tokens);
  }

  /** The index partition that finds a tenant's Slack connection from its workspace id. */
  static String slackTeam(String teamId) {
    return "SLACK#TEAM#" + teamId;
  }

  /** Stored form of a user mapping. */
  record UserMapping(String slackUserId, String memberUserId) {}

  @Override
  public void put(SlackConnection connection) {
    findByTeam(connection.teamId())
        .filter(other -> !other.tenant().equals(connection.tenant()))
        .ifPresent(
            other -> {
              throw new ConflictException(
                  "Slack workspace " + connection.teamId() + " is connected to another tenant");
            });
    Map<String, AttributeValue> item =
        new java.util.HashMap<>(
            item(ItemKeys.tenant(connection.tenant()), "SLACK", "SLACK", 1, connection));
    item.put(TableSchema.GSI1_PK, s(slackTeam(connection.teamId())));
    item.put(TableSchema.GSI1_SK, s(ItemKeys.tenant(connection.tenant())));
    table.put(item);
  }

  @Override
  public Optional<SlackConnection> get(TenantId tenant) {
    return table
        .get(ItemKeys.tenant(tenant), "SLACK")
        .map(i -> ItemTable.read(i, SlackConnection.class));
  }

  @Override
  public Optional<SlackConnection> findByTeam(String teamId) {
    Ids.require("Slack team id", teamId);
    List<Map<String, AttributeValue>> items =
        ItemTable.call(
            "Query",
            () ->
                dynamo
                    .query(
                        b ->
                            b.tableName(table.tableName())
                                .indexName(TableSchema.GSI1)
                                .keyConditionExpression("#p = :p")
                                .expressionAttributeNames(Map.of("#p", TableSchema.GSI1_PK))
                                .expressionAttributeValues(Map.of(":p", s(slackTeam(teamId))))
                                .limit(2))
                    .items());
    return items.stream()
        .map(i -> ItemTable.read(i, SlackConnection.class))
        .filter(c -> c.teamId().equals(teamId))
        .findFirst();
  }

  @Override
  public void delete(TenantId tenant) {
    table.delete(ItemKeys.tenant(tenant), "SLACK");
  }

  @Override
  public void mapUser(TenantId tenant, String slackUserId, String memberUserId) {
    Ids.require("Slack user id", slackUserId);
    Ids.require("user id", memberUserId);
    table.put(
        item(
            ItemKeys.tenant(tenant),
            "SLACKUSER#" + slackUserId,
            "SLACKUSER",
            1,
            new UserMapping(slackUserId, memberUserId)));
  }

  @Override
  public Optional<String> mappedMember(TenantId tenant, String slackUserId) {
    Ids.require("Slack user id", slackUserId);
    return table
        .get(ItemKeys.tenant(tenant), "SLACKUSER#" + slackUserId)
        .map(i -> ItemTable.read(i, UserMapping.class).memberUserId());
  }
}
