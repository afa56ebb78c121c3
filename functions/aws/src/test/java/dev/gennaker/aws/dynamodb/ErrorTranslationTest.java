package dev.gennaker.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.store.Fixtures;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.StoreUnavailableException;
import dev.gennaker.core.tenant.TenantId;
import org.junit.jupiter.api.Test;

/** SDK failures leave the adapters as core exceptions that name the operation, not the data. */
class ErrorTranslationTest {
  @Test
  void aMissingTable_isStoreUnavailable_namingTheOperationAndErrorCode() {
    var store =
        new DynamoDbExecutionStore(
            LocalDynamoDb.shared().client(), "no-such-table", Fixtures.TOKENS);
    TenantId tenant = Fixtures.freshTenant();
    assertThatThrownBy(() -> store.get(tenant, "e1"))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessage("DynamoDB GetItem failed: ResourceNotFoundException");
    assertThatThrownBy(() -> store.list(tenant, PageRequest.first(10)))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessage("DynamoDB Query failed: ResourceNotFoundException");
  }
}
