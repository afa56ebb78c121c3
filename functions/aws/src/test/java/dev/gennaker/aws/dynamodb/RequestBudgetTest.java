package dev.gennaker.aws.dynamodb;

import static dev.gennaker.core.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.approval.ApprovalStatus;
import dev.gennaker.core.approval.Decision;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.execution.Trigger;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.store.Fixtures;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The design budgets, counted on the wire: a page of 50 executions is one Query, every hot-path
 * write is one request, and nothing ever scans.
 */
class RequestBudgetTest {
  private static final RequestCounter counter = new RequestCounter();
  private static DynamoDbClient dynamo;

  @BeforeAll
  static void client() {
    dynamo = LocalDynamoDb.shared().client(counter);
  }

  private static Execution execution(TenantId tenant, int i) {
    return Execution.queued(
        tenant,
        "e" + i,
        "shop",
        "deploy",
        1,
        new Trigger("api", "alice", Map.of()),
        Map.of(),
        List.of(),
        T0.plusSeconds(i));
  }

  @Test
  void listingAPageOf50Executions_isOneQuery_andHotPathWritesAreOneRequestEach() {
    TenantId tenant = Fixtures.freshTenant();
    var store = new DynamoDbExecutionStore(dynamo, LocalDynamoDb.TABLE, Fixtures.TOKENS);
    for (int i = 0; i < 120; i++) {
      store.create(execution(tenant, i));
    }

    counter.reset();
    Page<Execution> first = store.list(tenant, PageRequest.first(50));
    assertThat(first.items()).hasSize(50);
    assertThat(counter.byOperation()).isEqualTo(Map.of("Query", 1L));

    counter.reset();
    Page<Execution> second =
        store.list(tenant, PageRequest.after(50, first.nextToken().orElseThrow()));
    Page<Execution> third =
        store.list(tenant, PageRequest.after(50, second.nextToken().orElseThrow()));
    assertThat(third.items()).hasSize(20);
    assertThat(third.nextToken()).isEmpty();
    assertThat(counter.byOperation()).isEqualTo(Map.of("Query", 2L));

    counter.reset();
    Execution created = store.create(execution(tenant, 999));
    store.update(created.withStatus(ExecutionStatus.RUNNING, T0));
    StageRecord stage = store.createStage(StageRecord.notStarted(tenant, "e999", "bake", "bake"));
    store.updateStage(stage.started(T0));
    assertThat(counter.byOperation()).isEqualTo(Map.of("PutItem", 2L, "UpdateItem", 2L));
  }

  @Test
  void decidingAnApproval_isOneReadAndOneConditionalWrite() {
    TenantId tenant = Fixtures.freshTenant();
    var approvals = new DynamoDbApprovalStore(dynamo, LocalDynamoDb.TABLE, Fixtures.TOKENS);
    approvals.create(
        Approval.pending(
            tenant, "e1", "a1", "s", Set.of(Role.ADMIN), "alice", T0, Optional.empty()),
        "tok");
    counter.reset();
    approvals.decide(tenant, "e1", "a1", new Decision(ApprovalStatus.APPROVED, "bob", T0, ""));
    assertThat(counter.byOperation()).isEqualTo(Map.of("GetItem", 1L, "UpdateItem", 1L));
  }
}
