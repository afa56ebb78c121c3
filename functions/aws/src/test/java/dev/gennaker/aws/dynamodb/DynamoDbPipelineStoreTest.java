package dev.gennaker.aws.dynamodb;

import static dev.gennaker.core.store.Fixtures.T0;
import static dev.gennaker.core.store.Fixtures.freshTenant;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.blob.InMemoryBlobStore;
import dev.gennaker.core.store.Fixtures;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.store.PipelineStore;
import dev.gennaker.core.store.PipelineStoreContract;
import dev.gennaker.core.store.PipelineVersion;
import org.junit.jupiter.api.Test;

class DynamoDbPipelineStoreTest extends PipelineStoreContract {
  @Override
  protected PipelineStore newStore(PageTokens tokens) {
    return new DynamoDbPipelineStore(
        LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE, tokens, new InMemoryBlobStore());
  }

  @Test
  void withoutABlobStore_aFileTooBigForAnItem_isRefusedClearly() {
    PipelineStore inline =
        new DynamoDbPipelineStore(
            LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE, Fixtures.TOKENS);
    String big = "#".repeat(DynamoDbPipelineStore.INLINE_CHARS + 1);
    assertThatThrownBy(
            () ->
                inline.apply(
                    new PipelineVersion(freshTenant(), "shop", "big", 1, big, "c", "ana", T0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline files over 65536 characters need a blob store");
  }
}
