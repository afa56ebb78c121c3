package dev.gennaker.aws.dynamodb;

import static dev.gennaker.aws.dynamodb.ItemTable.item;
import static dev.gennaker.aws.dynamodb.ItemTable.n;
import static dev.gennaker.aws.dynamodb.ItemTable.s;

import dev.gennaker.aws.dynamodb.ItemTable.KeyQuery;
import dev.gennaker.core.blob.Blob;
import dev.gennaker.core.blob.BlobRef;
import dev.gennaker.core.blob.BlobStore;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.store.PipelineStore;
import dev.gennaker.core.store.PipelineVersion;
import dev.gennaker.core.store.StoreUnavailableException;
import dev.gennaker.core.tenant.ApiKeys;
import dev.gennaker.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
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

  /** Files up to this many characters live in the item; longer ones in the blob store. */
  public static final int INLINE_CHARS = 64 * 1024;

  private static final String YAML_BLOB = "yamlBlob";

  private final ItemTable table;
  private final BlobStore blobs;

  /** A store that keeps every file in its item: files over {@link #INLINE_CHARS} are refused. */
  public DynamoDbPipelineStore(DynamoDbClient dynamo, String tableName, PageTokens tokens) {
    this(dynamo, tableName, tokens, null);
  }

  /**
   * A store that keeps files over {@link #INLINE_CHARS} (DynamoDB items hold at most 400 KB) in
   * {@code blobs}, under a key named by their SHA-256, so concurrent applies never overwrite each
   * other's file.
   */
  public DynamoDbPipelineStore(
      DynamoDbClient dynamo, String tableName, PageTokens tokens, BlobStore blobs) {
    this.table = new ItemTable(dynamo, tableName, tokens);
    this.blobs = blobs;
  }

  private PipelineVersion decode(Map<String, AttributeValue> item) {
    PipelineVersion v = ItemTable.read(item, PipelineVersion.class);
    AttributeValue blob = item.get(YAML_BLOB);
    if (blob == null) {
      return v;
    }
    BlobRef ref = new BlobRef(v.tenant(), blob.s());
    String yaml =
        new String(
            blobStore()
                .get(ref)
                .orElseThrow(
                    () ->
                        new StoreUnavailableException(
                            "the file of pipeline "
                                + v.application()
                                + "/"
                                + v.pipeline()
                                + " version "
                                + v.version()
                                + " is missing from the blob store",
                            null))
                .content(),
            StandardCharsets.UTF_8);
    return new PipelineVersion(
        v.tenant(),
        v.application(),
        v.pipeline(),
        v.version(),
        yaml,
        v.sourceCommit(),
        v.author(),
        v.appliedAt());
  }

  private BlobStore blobStore() {
    if (blobs == null) {
      throw new IllegalArgumentException(
          "pipeline files over " + INLINE_CHARS + " characters need a blob store");
    }
    return blobs;
  }

  /** The item for a version: the file inline, or in the blob store with its key in the item. */
  private Map<String, AttributeValue> itemOf(
      String pk, String sk, String type, long revision, PipelineVersion v) {
    if (v.yaml().length() <= INLINE_CHARS) {
      return item(pk, sk, type, revision, v);
    }
    String key =
        "pipelines/"
            + v.application()
            + "/"
            + v.pipeline()
            + "/"
            + ApiKeys.sha256Hex(v.yaml())
            + ".yaml";
    blobStore()
        .put(
            new BlobRef(v.tenant(), key),
            new Blob(v.yaml().getBytes(StandardCharsets.UTF_8), "application/yaml"));
    Map<String, AttributeValue> item =
        item(
            pk,
            sk,
            type,
            revision,
            new PipelineVersion(
                v.tenant(),
                v.application(),
                v.pipeline(),
                v.version(),
                "",
                v.sourceCommit(),
                v.author(),
                v.appliedAt()));
    item.put(YAML_BLOB, s(key));
    return item;
  }

  @Override
  public PipelineVersion apply(PipelineVersion next) {
    TenantId t = next.tenant();
    String pk = ItemKeys.pipeline(t, next.application(), next.pipeline());
    Map<String, AttributeValue> head = itemOf(pk, HEAD, "PIPELINE_HEAD", next.version(), next);
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
                        itemOf(
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
    return table.get(ItemKeys.pipeline(tenant, application, pipeline), HEAD).map(this::decode);
  }

  @Override
  public Optional<PipelineVersion> get(
      TenantId tenant, String application, String pipeline, int version) {
    return table
        .get(ItemKeys.pipeline(tenant, application, pipeline), ItemKeys.pipelineVersion(version))
        .map(this::decode);
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
        this::decode);
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
        this::decode);
  }
}
