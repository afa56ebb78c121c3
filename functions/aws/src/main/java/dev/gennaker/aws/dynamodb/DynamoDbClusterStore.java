package dev.gennaker.aws.dynamodb;

import static dev.gennaker.aws.dynamodb.ItemTable.item;
import static dev.gennaker.aws.dynamodb.ItemTable.key;
import static dev.gennaker.aws.dynamodb.ItemTable.s;

import dev.gennaker.aws.dynamodb.ItemTable.KeyQuery;
import dev.gennaker.core.cluster.Agent;
import dev.gennaker.core.cluster.Cluster;
import dev.gennaker.core.cluster.ClusterStore;
import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * {@link ClusterStore} on the single table. Clusters ({@code CLUSTER#<id>}) and agents ({@code
 * AGENT#<id>}) live in the tenant's partition; agents are also indexed by cluster in GSI1 ({@code
 * T#<tenant>#CLUSTER#<id>}). Heartbeats are separate attributes ({@code hb}, {@code agentVersion})
 * written without a version check, so they never conflict with configuration edits.
 */
public final class DynamoDbClusterStore implements ClusterStore {
  private static final String HEARTBEAT = "hb";
  private static final String AGENT_VERSION = "agentVersion";

  private final ItemTable table;
  private final DynamoDbClient dynamo;

  public DynamoDbClusterStore(DynamoDbClient dynamo, String tableName, PageTokens tokens) {
    this.dynamo = dynamo;
    this.table = new ItemTable(dynamo, tableName, tokens);
  }

  private static Cluster atVersion(Cluster c, long v) {
    return new Cluster(c.tenant(), c.clusterId(), c.displayName(), c.createdAt(), v);
  }

  private static Cluster decodeCluster(Map<String, AttributeValue> item) {
    return atVersion(ItemTable.read(item, Cluster.class), ItemTable.version(item));
  }

  @Override
  public Cluster createCluster(Cluster cluster) {
    Cluster stored = atVersion(cluster, 1);
    table.putNew(
        item(
            ItemKeys.tenant(cluster.tenant()),
            "CLUSTER#" + cluster.clusterId(),
            "CLUSTER",
            1,
            stored),
        () -> "cluster " + cluster.clusterId() + " already exists");
    return stored;
  }

  @Override
  public Optional<Cluster> getCluster(TenantId tenant, String clusterId) {
    return table
        .get(ItemKeys.tenant(tenant), "CLUSTER#" + clusterId)
        .map(DynamoDbClusterStore::decodeCluster);
  }

  @Override
  public Cluster updateCluster(Cluster cluster) {
    Cluster stored = atVersion(cluster, cluster.version() + 1);
    table.updateVersioned(
        ItemKeys.tenant(cluster.tenant()),
        "CLUSTER#" + cluster.clusterId(),
        cluster.version(),
        Map.of(TableSchema.DOC, s(ItemTable.doc(stored))),
        List.of(),
        "cluster " + cluster.clusterId());
    return stored;
  }

  @Override
  public Page<Cluster> listClusters(TenantId tenant, PageRequest page) {
    return table.page(
        tenant,
        "clusters",
        KeyQuery.table(ItemKeys.tenant(tenant), "CLUSTER#"),
        true,
        page,
        DynamoDbClusterStore::decodeCluster);
  }

  @Override
  public void deleteCluster(TenantId tenant, String clusterId) {
    String pk = ItemKeys.tenant(tenant);
    // The tenant partition, read consistently: an agent registered a moment ago is found too
    // (the by-cluster index could lag behind it).
    Optional<String> token = Optional.empty();
    do {
      Page<Agent> page =
          table.page(
              tenant,
              "all-agents",
              KeyQuery.table(pk, "AGENT#"),
              true,
              new PageRequest(100, token),
              DynamoDbClusterStore::decodeAgent);
      for (Agent a : page.items()) {
        if (a.clusterId().equals(clusterId)) {
          table.delete(pk, "AGENT#" + a.agentId());
        }
      }
      token = page.nextToken();
    } while (token.isPresent());
    table.delete(pk, "CLUSTER#" + clusterId);
  }

  private static Agent withoutHeartbeat(Agent a, long v) {
    return new Agent(
        a.tenant(),
        a.agentId(),
        a.clusterId(),
        a.namespaceAllowList(),
        a.credentialSha256(),
        Optional.empty(),
        Optional.empty(),
        a.createdAt(),
        v);
  }

  private static Agent decodeAgent(Map<String, AttributeValue> item) {
    Agent a = ItemTable.read(item, Agent.class);
    Optional<Instant> beat =
        Optional.ofNullable(item.get(HEARTBEAT)).map(v -> Instant.parse(v.s()));
    Optional<String> agentVersion = Optional.ofNullable(item.get(AGENT_VERSION)).map(v -> v.s());
    return new Agent(
        a.tenant(),
        a.agentId(),
        a.clusterId(),
        a.namespaceAllowList(),
        a.credentialSha256(),
        beat,
        agentVersion,
        a.createdAt(),
        ItemTable.version(item));
  }

  @Override
  public Agent createAgent(Agent agent) {
    String pk = ItemKeys.tenant(agent.tenant());
    Agent stored = withoutHeartbeat(agent, 1);
    Map<String, AttributeValue> item = item(pk, "AGENT#" + agent.agentId(), "AGENT", 1, stored);
    item.put(TableSchema.GSI1_PK, s(ItemKeys.agentsOfCluster(agent.tenant(), agent.clusterId())));
    item.put(TableSchema.GSI1_SK, s("AGENT#" + agent.agentId()));
    List<String> reasons =
        table.transact(
            List.of(
                TransactWriteItem.builder()
                    .conditionCheck(
                        ConditionCheck.builder()
                            .tableName(table.tableName())
                            .key(key(pk, "CLUSTER#" + agent.clusterId()))
                            .conditionExpression("attribute_exists(pk)")
                            .build())
                    .build(),
                TransactWriteItem.builder()
                    .put(
                        Put.builder()
                            .tableName(table.tableName())
                            .item(item)
                            .conditionExpression("attribute_not_exists(pk)")
                            .build())
                    .build()));
    if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0))) {
      throw new NotFoundException("cluster " + agent.clusterId() + " does not exist");
    }
    if (!reasons.isEmpty()) {
      throw new AlreadyExistsException("agent " + agent.agentId() + " already exists");
    }
    return stored;
  }

  @Override
  public Optional<Agent> getAgent(TenantId tenant, String agentId) {
    return table
        .get(ItemKeys.tenant(tenant), "AGENT#" + agentId)
        .map(DynamoDbClusterStore::decodeAgent);
  }

  @Override
  public Agent updateAgent(Agent agent) {
    String pk = ItemKeys.tenant(agent.tenant());
    table.updateVersioned(
        pk,
        "AGENT#" + agent.agentId(),
        agent.version(),
        Map.of(
            TableSchema.DOC,
            s(ItemTable.doc(withoutHeartbeat(agent, agent.version() + 1))),
            TableSchema.GSI1_PK,
            s(ItemKeys.agentsOfCluster(agent.tenant(), agent.clusterId()))),
        List.of(),
        "agent " + agent.agentId());
    // One more read so the result carries the heartbeat the update deliberately left alone.
    return getAgent(agent.tenant(), agent.agentId()).orElseThrow();
  }

  @Override
  public void recordHeartbeat(TenantId tenant, String agentId, Instant at, String agentVersion) {
    try {
      ItemTable.call(
          "UpdateItem",
          () ->
              dynamo.updateItem(
                  b ->
                      b.tableName(table.tableName())
                          .key(key(ItemKeys.tenant(tenant), "AGENT#" + agentId))
                          .updateExpression("SET #hb = :at, #av = :av")
                          .conditionExpression(
                              "attribute_exists(pk) AND (attribute_not_exists(#hb) OR #hb < :at)")
                          .expressionAttributeNames(Map.of("#hb", HEARTBEAT, "#av", AGENT_VERSION))
                          .expressionAttributeValues(
                              Map.of(":at", s(ItemKeys.time(at)), ":av", s(agentVersion)))
                          .returnValuesOnConditionCheckFailure(
                              ReturnValuesOnConditionCheckFailure.ALL_OLD)));
    } catch (ConditionalCheckFailedException e) {
      if (!e.hasItem() || e.item().isEmpty()) {
        throw new NotFoundException("agent " + agentId + " does not exist");
      }
      // An older heartbeat arrived late: the newer one stays.
    }
  }

  @Override
  public Page<Agent> listAgents(TenantId tenant, String clusterId, PageRequest page) {
    return table.page(
        tenant,
        "agents:" + clusterId,
        KeyQuery.index(TableSchema.GSI1, ItemKeys.agentsOfCluster(tenant, clusterId)),
        true,
        page,
        DynamoDbClusterStore::decodeAgent);
  }
}
