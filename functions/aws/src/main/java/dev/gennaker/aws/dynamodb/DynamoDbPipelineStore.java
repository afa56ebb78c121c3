package dev.gennaker.aws.dynamodb;

import static dev.gennaker.aws.dynamodb.ItemTable.item;
import static dev.gennaker.aws.dynamodb.ItemTable.n;
import static dev.gennaker.aws.dynamodb.ItemTable.s;

import dev.gennaker.aws.dynamodb.ItemTable.KeyQuery;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.store.PipelineStore;
import dev.gennaker.core.store.PipelineVersion;
import dev.gennaker.core.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * {@link PipelineStore} on the single table. Each pipeline has its own partition {@code
 * T#<tenant>#PIPELINE#<app>#<name>} with one item per version ({@code V#<0000000007>}) and a {@code
 * HEAD} copy of the latest, which is indexed in GSI1 under {@code T#<tenant>#PIPELINES} for the
 * pipeline list. Applying writes version and head in one transaction, conditional on the head's
 * version, so concurrent applies cannot both win. Deleting removes the head only: versions stay for
 * the executions that run them and for history.
 */
public final class DynamoDbPipelineStore implements PipelineStore {
  private static final String HEAD = "HEAD";

  private final ItemTable table;

  public DynamoDbPipelineStore(DynamoDbClient dynamo, String tableName, PageTokens tokens) {
    this.table = new ItemTable(dynamo, tableName, tokens);
  }

  private static PipelineVersion decode(Map<String, AttributeValue> item) {
    return ItemTable.read(item, PipelineVersion.class);
  }

  @Override
  public PipelineVersion apply(PipelineVersion next) {
    TenantId t = next.tenant();
    String pk = ItemKeys.pipeline(t, next.application(), next.pipeline());
    Map<String, AttributeValue> head = item(pk, HEAD, "PIPELINE_HEAD", next.version(), next);
    head.put(TableSchema.GSI1_PK, s(ItemKeys.pipelines(t)));
    head.put(TableSchema.GSI1_SK, s(next.application() + "#" + next.pipeline()));
    Put.Builder headPut = Put.builder().tableName(table.tableName()).item(head);
    List<TransactWriteItem> previousExists = new java.util.ArrayList<>();
    if (next.version() == 1) {
      headPut.conditionExpression("attribute_not_exists(pk)");
    } else {
      // After a delete the head is gone; the previous version must still be the last one.
      headPut
          .conditionExpression("attribute_not_exists(pk) OR #v = :previous")
          .expressionAttributeNames(Map.of("#v", TableSchema.VERSION))
          .expressionAttributeValues(Map.of(":previous", n(next.version() - 1)));
      previousExists.add(
          TransactWriteItem.builder()
              .conditionCheck(
                  software.amazon.awssdk.services.dynamodb.model.ConditionCheck.builder()
                      .tableName(table.tableName())
                      .key(ItemTable.key(pk, ItemKeys.pipelineVersion(next.version() - 1)))
                      .conditionExpression("attribute_exists(pk)")
                      .build())
              .build());
    }
    List<TransactWriteItem> writes = new java.util.ArrayList<>(previousExists);
    writes.add(
        TransactWriteItem.builder()
            .put(
                Put.builder()
                    .tableName(table.tableName())
                    .item(
                        item(
                            pk,
                            ItemKeys.pipelineVersion(next.version()),
                            "PIPELINE_VERSION",
                            1,
                            next))
                    .conditionExpression("attribute_not_exists(pk)")
                    .build())
            .build());
    writes.add(TransactWriteItem.builder().put(headPut.build()).build());
    List<String> reasons = table.transact(writes);
    if (!reasons.isEmpty()) {
      int latest =
          latest(t, next.application(), next.pipeline()).map(PipelineVersion::version).orElse(0);
      throw new ConflictException(
          "pipeline "
              + next.application()
              + "/"
              + next.pipeline()
              + " is at version "
              + latest
              + "; cannot apply version "
              + next.version());
    }
    return next;
  }

  @Override
  public Optional<PipelineVersion> latest(TenantId tenant, String application, String pipeline) {
    return table
        .get(ItemKeys.pipeline(tenant, application, pipeline), HEAD)
        .map(DynamoDbPipelineStore::decode);
  }

  @Override
  public Optional<PipelineVersion> get(
      TenantId tenant, String application, String pipeline, int version) {
    return table
        .get(ItemKeys.pipeline(tenant, application, pipeline), ItemKeys.pipelineVersion(version))
        .map(DynamoDbPipelineStore::decode);
  }

  @Override
  public Page<PipelineVersion> listVersions(
      TenantId tenant, String application, String pipeline, PageRequest page) {
    return table.page(
        tenant,
        "pipeline-versions:" + application + "/" + pipeline,
        KeyQuery.table(ItemKeys.pipeline(tenant, application, pipeline), "V#"),
        false,
        page,
        DynamoDbPipelineStore::decode);
  }

  @Override
  public void delete(TenantId tenant, String application, String pipeline) {
    table.delete(ItemKeys.pipeline(tenant, application, pipeline), HEAD);
  }

  @Override
  public Page<PipelineVersion> listPipelines(TenantId tenant, PageRequest page) {
    return table.page(
        tenant,
        "pipelines",
        KeyQuery.index(TableSchema.GSI1, ItemKeys.pipelines(tenant)),
        true,
        page,
        DynamoDbPipelineStore::decode);
  }
}
