package dev.gennaker.aws.dynamodb;

import static dev.gennaker.aws.dynamodb.ItemTable.item;
import static dev.gennaker.aws.dynamodb.ItemTable.s;

import dev.gennaker.aws.dynamodb.ItemTable.KeyQuery;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.ExecutionStore;
import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.execution.TimelineEvent;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link ExecutionStore} on the single table. Each execution has its own partition {@code
 * T#<tenant>#EX#<id>} holding the execution ({@code EXECUTION}), its stages ({@code
 * STAGE#<stageId>}) and its timeline ({@code EVENT#<time>#<eventId>}), so one execution's writes
 * never crowd a tenant-wide partition. Listings newest-first come from GSI1 (tenant) and GSI2
 * (pipeline), keyed by creation time; unfinished executions are also in the sparse GSI3.
 */
public final class DynamoDbExecutionStore implements ExecutionStore {
  private static final String EXECUTION = "EXECUTION";

  private final ItemTable table;

  public DynamoDbExecutionStore(DynamoDbClient dynamo, String tableName, PageTokens tokens) {
    this.table = new ItemTable(dynamo, tableName, tokens);
  }

  private static Execution decode(Map<String, AttributeValue> item) {
    return ItemTable.read(item, Execution.class).atVersion(ItemTable.version(item));
  }

  private static StageRecord decodeStage(Map<String, AttributeValue> item) {
    return ItemTable.read(item, StageRecord.class).atVersion(ItemTable.version(item));
  }

  @Override
  public Execution create(Execution execution) {
    Execution stored = execution.atVersion(1);
    TenantId t = execution.tenant();
    String byTime = ItemKeys.time(execution.createdAt()) + "#" + execution.executionId();
    Map<String, AttributeValue> item =
        item(ItemKeys.execution(t, execution.executionId()), EXECUTION, EXECUTION, 1, stored);
    item.put(TableSchema.GSI1_PK, s(ItemKeys.executions(t)));
    item.put(TableSchema.GSI1_SK, s(byTime));
    item.put(
        TableSchema.GSI2_PK,
        s(ItemKeys.executionsOfPipeline(t, execution.application(), execution.pipeline())));
    item.put(TableSchema.GSI2_SK, s(byTime));
    if (!execution.status().isTerminal()) {
      item.put(TableSchema.GSI3_PK, s(ItemKeys.activeExecutions(t)));
      item.put(TableSchema.GSI3_SK, s(byTime));
    }
    table.putNew(item, () -> "execution " + execution.executionId() + " already exists");
    return stored;
  }

  @Override
  public Optional<Execution> get(TenantId tenant, String executionId) {
    return table
        .get(ItemKeys.execution(tenant, executionId), EXECUTION)
        .map(DynamoDbExecutionStore::decode);
  }

  @Override
  public Execution update(Execution execution) {
    Execution stored = execution.atVersion(execution.version() + 1);
    table.updateVersioned(
        ItemKeys.execution(execution.tenant(), execution.executionId()),
        EXECUTION,
        execution.version(),
        Map.of(TableSchema.DOC, s(ItemTable.doc(stored))),
        // Finishing takes the execution out of the sparse active index.
        stored.status().isTerminal()
            ? List.of(TableSchema.GSI3_PK, TableSchema.GSI3_SK)
            : List.of(),
        "execution " + execution.executionId());
    return stored;
  }

  @Override
  public Page<Execution> list(TenantId tenant, PageRequest page) {
    return table.page(
        tenant,
        "executions",
        KeyQuery.index(TableSchema.GSI1, ItemKeys.executions(tenant)),
        false,
        page,
        DynamoDbExecutionStore::decode);
  }

  @Override
  public Page<Execution> listByPipeline(
      TenantId tenant, String application, String pipeline, PageRequest page) {
    return table.page(
        tenant,
        "executions:" + application + "/" + pipeline,
        KeyQuery.index(
            TableSchema.GSI2, ItemKeys.executionsOfPipeline(tenant, application, pipeline)),
        false,
        page,
        DynamoDbExecutionStore::decode);
  }

  @Override
  public Page<Execution> listActive(TenantId tenant, PageRequest page) {
    return table.page(
        tenant,
        "executions:active",
        KeyQuery.index(TableSchema.GSI3, ItemKeys.activeExecutions(tenant)),
        true,
        page,
        DynamoDbExecutionStore::decode);
  }

  @Override
  public StageRecord createStage(StageRecord stage) {
    StageRecord stored = stage.atVersion(1);
    table.putNew(
        item(
            ItemKeys.execution(stage.tenant(), stage.executionId()),
            "STAGE#" + stage.stageId(),
            "STAGE",
            1,
            stored),
        () -> "stage " + stage.stageId() + " already exists");
    return stored;
  }

  @Override
  public Optional<StageRecord> getStage(TenantId tenant, String executionId, String stageId) {
    return table
        .get(ItemKeys.execution(tenant, executionId), "STAGE#" + stageId)
        .map(DynamoDbExecutionStore::decodeStage);
  }

  @Override
  public StageRecord updateStage(StageRecord stage) {
    StageRecord stored = stage.atVersion(stage.version() + 1);
    table.updateVersioned(
        ItemKeys.execution(stage.tenant(), stage.executionId()),
        "STAGE#" + stage.stageId(),
        stage.version(),
        Map.of(TableSchema.DOC, s(ItemTable.doc(stored))),
        List.of(),
        "stage " + stage.stageId());
    return stored;
  }

  @Override
  public Page<StageRecord> listStages(TenantId tenant, String executionId, PageRequest page) {
    return table.page(
        tenant,
        "stages:" + executionId,
        KeyQuery.table(ItemKeys.execution(tenant, executionId), "STAGE#"),
        true,
        page,
        DynamoDbExecutionStore::decodeStage);
  }

  @Override
  public void appendEvent(TimelineEvent event) {
    table.putIfAbsent(
        item(
            ItemKeys.execution(event.tenant(), event.executionId()),
            "EVENT#" + ItemKeys.time(event.at()) + "#" + event.eventId(),
            "EVENT",
            1,
            event));
  }

  @Override
  public Page<TimelineEvent> listEvents(TenantId tenant, String executionId, PageRequest page) {
    return table.page(
        tenant,
        "events:" + executionId,
        KeyQuery.table(ItemKeys.execution(tenant, executionId), "EVENT#"),
        true,
        page,
        i -> ItemTable.read(i, TimelineEvent.class));
  }
}
