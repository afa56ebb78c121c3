package dev.gennaker.aws.dynamodb;

import static dev.gennaker.core.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.approval.ApprovalStatus;
import dev.gennaker.core.approval.Decision;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.execution.TimelineEvent;
import dev.gennaker.core.execution.Trigger;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.store.Fixtures;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PipelineVersion;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.Tenant;
import dev.gennaker.core.tenant.TenantId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stops DynamoDB Local running on a data directory, starts it again: nothing is lost. */
class DurabilityTest {
  @TempDir Path data;

  @Test
  void everythingWritten_survivesARestartOfDynamoDbLocal() {
    TenantId tenant = TenantId.of("durable");
    Execution written;
    Approval decided;
    try (LocalDynamoDb first = LocalDynamoDb.start(data)) {
      var dynamo = first.client();
      TableSchema.ensureTable(dynamo, "gennaker");
      new DynamoDbTenantStore(dynamo, "gennaker", Fixtures.TOKENS)
          .createTenant(new Tenant(tenant, "Durable Inc", T0));
      var executions = new DynamoDbExecutionStore(dynamo, "gennaker", Fixtures.TOKENS);
      Execution created =
          executions.create(
              Execution.queued(
                  tenant,
                  "e1",
                  "shop",
                  "deploy",
                  1,
                  new Trigger("api", "alice", Map.of()),
                  Map.of(),
                  List.of(),
                  T0));
      written = executions.update(created.withStatus(ExecutionStatus.RUNNING, T0.plusSeconds(1)));
      executions.createStage(StageRecord.notStarted(tenant, "e1", "bake", "bakeManifests"));
      executions.appendEvent(
          new TimelineEvent(tenant, "e1", "ev1", T0, "execution.started", Optional.empty(), "go"));
      var approvals = new DynamoDbApprovalStore(dynamo, "gennaker", Fixtures.TOKENS);
      approvals.create(
          Approval.pending(
              tenant, "e1", "a1", "approve", Set.of(Role.ADMIN), "alice", T0, Optional.empty()),
          "task-token-1");
      decided =
          approvals.decide(
              tenant, "e1", "a1", new Decision(ApprovalStatus.APPROVED, "bob", T0, "ok"));
      new DynamoDbPipelineStore(dynamo, "gennaker", Fixtures.TOKENS)
          .apply(new PipelineVersion(tenant, "shop", "deploy", 1, "stages: []", "c1", "alice", T0));
      assertThat(
              new DynamoDbIdempotencyStore(dynamo, "gennaker", Clock.fixed(T0, ZoneOffset.UTC))
                  .firstSighting(tenant, "github", "d1", Duration.ofHours(1)))
          .isTrue();
    }

    assertThat(data.resolve("shared-local-instance.db")).isNotEmptyFile();

    try (LocalDynamoDb second = LocalDynamoDb.start(data)) {
      var dynamo = second.client();
      TableSchema.ensureTable(dynamo, "gennaker");
      assertThat(new DynamoDbTenantStore(dynamo, "gennaker", Fixtures.TOKENS).getTenant(tenant))
          .contains(new Tenant(tenant, "Durable Inc", T0));
      var executions = new DynamoDbExecutionStore(dynamo, "gennaker", Fixtures.TOKENS);
      assertThat(executions.get(tenant, "e1")).contains(written);
      assertThat(executions.list(tenant, PageRequest.first(10)).items()).containsExactly(written);
      assertThat(executions.getStage(tenant, "e1", "bake")).isPresent();
      assertThat(executions.listEvents(tenant, "e1", PageRequest.first(10)).items()).hasSize(1);
      var approvals = new DynamoDbApprovalStore(dynamo, "gennaker", Fixtures.TOKENS);
      assertThat(approvals.get(tenant, "e1", "a1")).contains(decided);
      assertThat(approvals.taskToken(tenant, "e1", "a1")).contains("task-token-1");
      assertThat(
              new DynamoDbPipelineStore(dynamo, "gennaker", Fixtures.TOKENS)
                  .latest(tenant, "shop", "deploy"))
          .map(PipelineVersion::version)
          .contains(1);
      assertThat(
              new DynamoDbIdempotencyStore(dynamo, "gennaker", Clock.fixed(T0, ZoneOffset.UTC))
                  .firstSighting(tenant, "github", "d1", Duration.ofHours(1)))
          .isFalse();
    }
  }
}
