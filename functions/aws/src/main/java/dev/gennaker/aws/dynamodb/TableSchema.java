package dev.gennaker.aws.dynamodb;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

/**
 * The one definition of Gennaker's DynamoDB table: key schema, global secondary indexes and the TTL
 * attribute. Local mode and tests create the table from it ({@link #ensureTable}); the Terraform
 * module must declare the same (its test compares against {@link #createTableRequest}).
 *
 * <p>All key attributes are strings. Every index projects all attributes, so a listing page is
 * served by one Query with no follow-up reads. GSI3 is sparse: only unfinished executions carry its
 * keys.
 */
public final class TableSchema {
  public static final String PK = "pk";
  public static final String SK = "sk";
  public static final String GSI1 = "gsi1";
  public static final String GSI1_PK = "gsi1pk";
  public static final String GSI1_SK = "gsi1sk";
  public static final String GSI2 = "gsi2";
  public static final String GSI2_PK = "gsi2pk";
  public static final String GSI2_SK = "gsi2sk";
  public static final String GSI3 = "gsi3";
  public static final String GSI3_PK = "gsi3pk";
  public static final String GSI3_SK = "gsi3sk";

  /** Epoch seconds after which DynamoDB may delete the item (idempotency records). */
  public static final String TTL = "expiresAt";

  /** The item's revision for optimistic concurrency (number). */
  public static final String VERSION = "v";

  /** The record as JSON. */
  public static final String DOC = "doc";

  /** What kind of record the item holds (TENANT, EXECUTION, ...), for humans and exports. */
  public static final String TYPE = "type";

  private TableSchema() {}

  /** The table, billed on demand. */
  public static CreateTableRequest createTableRequest(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            string(PK),
            string(SK),
            string(GSI1_PK),
            string(GSI1_SK),
            string(GSI2_PK),
            string(GSI2_SK),
            string(GSI3_PK),
            string(GSI3_SK))
        .keySchema(hash(PK), range(SK))
        .globalSecondaryIndexes(
            index(GSI1, GSI1_PK, GSI1_SK),
            index(GSI2, GSI2_PK, GSI2_SK),
            index(GSI3, GSI3_PK, GSI3_SK))
        .build();
  }

  /**
   * Creates the table and enables TTL if the table does not exist yet; waits until it is active.
   * Idempotent. For local mode and tests; in AWS, Terraform owns the table.
   */
  public static void ensureTable(DynamoDbClient dynamo, String tableName) {
    try {
      dynamo.describeTable(b -> b.tableName(tableName));
      return;
    } catch (ResourceNotFoundException absent) {
      // fall through and create it
    }
    try {
      dynamo.createTable(createTableRequest(tableName));
    } catch (ResourceInUseException createdMeanwhile) {
      return;
    }
    dynamo.waiter().waitUntilTableExists(b -> b.tableName(tableName));
    dynamo.updateTimeToLive(
        b ->
            b.tableName(tableName)
                .timeToLiveSpecification(
                    TimeToLiveSpecification.builder().attributeName(TTL).enabled(true).build()));
  }

  private static AttributeDefinition string(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static KeySchemaElement hash(String name) {
    return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
  }

  private static KeySchemaElement range(String name) {
    return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
  }

  private static GlobalSecondaryIndex index(String name, String pk, String sk) {
    return GlobalSecondaryIndex.builder()
        .indexName(name)
        .keySchema(List.of(hash(pk), range(sk)))
        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
        .build();
  }
}
