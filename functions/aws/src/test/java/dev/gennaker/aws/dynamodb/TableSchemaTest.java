package dev.gennaker.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

class TableSchemaTest {
  @Test
  void ensureTable_createsExactlyTheDefinedTable_withTtl_andIsIdempotent() {
    DynamoDbClient dynamo = LocalDynamoDb.shared().client();
    TableSchema.ensureTable(dynamo, "schema-check");
    TableSchema.ensureTable(dynamo, "schema-check");
    CreateTableRequest defined = TableSchema.createTableRequest("schema-check");
    TableDescription actual = dynamo.describeTable(b -> b.tableName("schema-check")).table();
    assertThat(actual.keySchema()).isEqualTo(defined.keySchema());
    assertThat(actual.attributeDefinitions())
        .containsExactlyInAnyOrderElementsOf(defined.attributeDefinitions());
    assertThat(actual.globalSecondaryIndexes())
        .extracting(GlobalSecondaryIndexDescription::indexName)
        .containsExactlyInAnyOrder("gsi1", "gsi2", "gsi3");
    for (GlobalSecondaryIndexDescription index : actual.globalSecondaryIndexes()) {
      var definedIndex =
          defined.globalSecondaryIndexes().stream()
              .filter(i -> i.indexName().equals(index.indexName()))
              .findFirst()
              .orElseThrow();
      assertThat(index.keySchema()).isEqualTo(definedIndex.keySchema());
      assertThat(index.projection()).isEqualTo(definedIndex.projection());
    }
    assertThat(
            dynamo
                .describeTimeToLive(b -> b.tableName("schema-check"))
                .timeToLiveDescription()
                .timeToLiveStatus())
        .isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
    assertThat(
            dynamo
                .describeTimeToLive(b -> b.tableName("schema-check"))
                .timeToLiveDescription()
                .attributeName())
        .isEqualTo(TableSchema.TTL);
  }
}
