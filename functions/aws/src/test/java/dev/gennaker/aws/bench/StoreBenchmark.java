package dev.gennaker.aws.bench;

import dev.gennaker.aws.dynamodb.DynamoDbApprovalStore;
import dev.gennaker.aws.dynamodb.DynamoDbExecutionStore;
import dev.gennaker.aws.dynamodb.LocalDynamoDb;
import dev.gennaker.aws.dynamodb.RequestCounter;
import dev.gennaker.aws.dynamodb.TableSchema;
import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.approval.ApprovalStatus;
import dev.gennaker.core.approval.Decision;
import dev.gennaker.core.execution.Artifact;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.execution.Trigger;
import dev.gennaker.core.pipeline.StageStatus;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Store operations per second against DynamoDB Local (in-process, in-memory, over HTTP on loopback)
 * for the hot paths, and the DynamoDB requests each API-level operation makes, counted on the wire.
 * One client thread, so the figures are latency-bound; DynamoDB Local is a SQLite emulator, so
 * treat them as relative, not as AWS throughput.
 *
 * <p>Arguments: {@code [operations per phase, default 1000 (the Maven profile passes 500)]}.
 */
public final class StoreBenchmark {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private StoreBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    RequestCounter counter = new RequestCounter();
    try (LocalDynamoDb local = LocalDynamoDb.start(null)) {
      DynamoDbClient dynamo = local.client(counter);
      TableSchema.ensureTable(dynamo, "gennaker");
      PageTokens tokens = PageTokens.withPassphrase("benchmark");
      DynamoDbExecutionStore executions = new DynamoDbExecutionStore(dynamo, "gennaker", tokens);
      DynamoDbApprovalStore approvals = new DynamoDbApprovalStore(dynamo, "gennaker", tokens);
      TenantId tenant = TenantId.of("bench");

      // Warm-up: JIT, connection, SQLite caches.
      TenantId warm = TenantId.of("warmup");
      for (int i = 0; i < 300; i++) {
        executions.create(execution(warm, "w" + i, i));
      }
      for (int i = 0; i < 50; i++) {
        executions.list(warm, PageRequest.first(50));
      }

      List<String> rows = new ArrayList<>();
      rows.add(
          measure(
              "create execution",
              n,
              counter,
              i -> executions.create(execution(tenant, "e" + i, i))));

      StageRecord[] stage = {
        executions.createStage(StageRecord.notStarted(tenant, "e0", "deploy", "deploy"))
      };
      rows.add(
          measure(
              "update stage (optimistic)",
              n,
              counter,
              i ->
                  stage[0] =
                      executions.updateStage(
                          stage[0].finished(
                              StageStatus.SUCCEEDED,
                              Map.of("attempt", Integer.toString(i)),
                              Optional.empty(),
                              T0.plusSeconds(i)))));

      String[] token = {null};
      rows.add(
          measure(
              "list executions, page of 50",
              n,
              counter,
              i -> {
                PageRequest request =
                    token[0] == null ? PageRequest.first(50) : PageRequest.after(50, token[0]);
                Page<Execution> page = executions.list(tenant, request);
                token[0] = page.nextToken().orElse(null);
              }));

      rows.add(measure("get execution", n, counter, i -> executions.get(tenant, "e" + (i % n))));

      for (int i = 0; i < n; i++) {
        approvals.create(
            Approval.pending(
                tenant,
                "e" + i,
                "a1",
                "approve",
                Set.of(Role.ADMIN),
                "alice",
                T0,
                Optional.empty()),
            "token-" + i);
      }
      rows.add(
          measure(
              "decide approval",
              n,
              counter,
              i ->
                  approvals.decide(
                      tenant,
                      "e" + i,
                      "a1",
                      new Decision(ApprovalStatus.APPROVED, "bob", T0, ""))));
      rows.add(
          measure(
              "list pending approvals, page of 50",
              Math.min(n, 200),
              counter,
              i -> approvals.listPending(tenant, PageRequest.first(50))));

      System.out.println();
      System.out.println("| operation | ops/s | DynamoDB requests per operation |");
      System.out.println("|---|---:|---|");
      rows.forEach(System.out::println);
    }
  }

  private static String measure(String name, int n, RequestCounter counter, IntConsumer op) {
    counter.reset();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      op.accept(i);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    StringBuilder perOp = new StringBuilder();
    counter
        .byOperation()
        .forEach(
            (operation, count) ->
                perOp
                    .append(perOp.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%.2f %s", (double) count / n, operation)));
    return String.format(Locale.ROOT, "| %s | %.0f | %s |", name, n / seconds, perOp);
  }

  private static Execution execution(TenantId tenant, String id, int i) {
    return Execution.queued(
        tenant,
        id,
        "shop",
        "deploy",
        7,
        new Trigger("github-push", "alice", Map.of("repository", "acme/shop", "commit", "abc123")),
        Map.of("region", "eu-west-1"),
        List.of(new Artifact("docker/image", "shop", "registry.example/shop:1." + i)),
        T0.plusMillis(i));
  }
}
