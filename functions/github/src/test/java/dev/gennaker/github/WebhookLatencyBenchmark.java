package dev.gennaker.github;

import static dev.gennaker.core.trigger.TriggerFixture.pipeline;

import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.aws.dynamodb.DynamoDbClusterStore;
import dev.gennaker.aws.dynamodb.DynamoDbDeliveryResults;
import dev.gennaker.aws.dynamodb.DynamoDbExecutionStore;
import dev.gennaker.aws.dynamodb.DynamoDbPipelineStore;
import dev.gennaker.aws.dynamodb.LocalDynamoDb;
import dev.gennaker.core.approval.InMemoryApprovalStore;
import dev.gennaker.core.cluster.ClusterStore;
import dev.gennaker.core.cluster.InMemoryClusterStore;
import dev.gennaker.core.execution.ExecutionStore;
import dev.gennaker.core.execution.InMemoryExecutionStore;
import dev.gennaker.core.pipeline.ApplyPipeline;
import dev.gennaker.core.runner.InMemoryTaskTokens;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.runner.Orchestrator;
import dev.gennaker.core.runner.PipelineSource;
import dev.gennaker.core.runner.RunnerServices;
import dev.gennaker.core.runner.StageExecutors;
import dev.gennaker.core.secret.InMemorySecretStore;
import dev.gennaker.core.secret.SecretRef;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.store.InMemoryPipelineStore;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.store.PipelineStore;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.core.trigger.DeliveryResults;
import dev.gennaker.core.trigger.InMemoryDeliveryResults;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Latency from an accepted GitHub delivery to {@code StartExecution} reaching the orchestrator, in
 * process: the real {@link GitHubWebhookFunction} (signature check, de-duplication, payload
 * parsing, trigger matching over the tenant's pipelines, execution record, start) over in-memory
 * stores and an orchestrator that timestamps each start. The push changes no pipeline file and
 * lists its changed paths, so no GitHub API call is made (the budget excludes GitHub's latency);
 * the tenant has no GitHub token, so no commit status is queued either.
 *
 * <p>With {@code dynamodb} as third argument the stores are the DynamoDB adapters over DynamoDB
 * Local (through its HTTP endpoint, as local mode runs them) instead of in-memory ones.
 *
 * <p>Prints p50/p90/p99/max over N sequential deliveries (default 1,000, after 300 warm-up ones)
 * and the deliveries per second one function instance accepts with 2 and 4 concurrent callers. Not
 * a unit test; run it with:
 *
 * <pre>
 * ./mvnw -q -o test-compile -pl functions/github -am -Dspotless.check.skip=true
 * ./mvnw -q -o dependency:build-classpath -pl functions/github -Dmdep.outputFile=target/bench.classpath
 * java -cp "functions/github/target/test-classes:functions/github/target/classes:$(cat functions/github/target/bench.classpath)" \
 *   dev.gennaker.github.WebhookLatencyBenchmark [deliveries] [other pipelines] [dynamodb]
 * </pre>
 */
public final class WebhookLatencyBenchmark {
  private static final TenantId TENANT = TenantId.of("acme");
  private static final String SECRET = "benchmark-webhook-secret";

  private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
  private final GitHubWebhookFunction function;
  private final byte[] body;

  private WebhookLatencyBenchmark(int otherPipelines, boolean dynamo) {
    Clock clock = Clock.systemUTC();
    PageTokens tokens = PageTokens.withPassphrase("benchmark");
    PipelineStore pipelines;
    ClusterStore clusters;
    ExecutionStore executions;
    DeliveryResults deliveries;
    if (dynamo) {
      DynamoDbClient client = LocalDynamoDb.shared().client();
      pipelines = new DynamoDbPipelineStore(client, LocalDynamoDb.TABLE, tokens);
      clusters = new DynamoDbClusterStore(client, LocalDynamoDb.TABLE, tokens);
      executions = new DynamoDbExecutionStore(client, LocalDynamoDb.TABLE, tokens);
      deliveries = new DynamoDbDeliveryResults(client, LocalDynamoDb.TABLE, clock);
    } else {
      pipelines = new InMemoryPipelineStore(tokens);
      clusters = new InMemoryClusterStore(tokens);
      executions = new InMemoryExecutionStore(tokens);
      deliveries = new InMemoryDeliveryResults(clock);
    }
    Orchestrator orchestrator =
        new Orchestrator() {
          @Override
          public String provisionTenant(TenantId tenant) {
            return "arn:local:stateMachine:" + tenant.value();
          }

          @Override
          public void deprovisionTenant(TenantId tenant) {}

          @Override
          public String start(TenantId tenant, String executionId, String inputJson) {
            startedAt.put(executionId, System.nanoTime());
            return "arn:local:execution:" + tenant.value() + ":" + executionId;
          }

          @Override
          public void sendTaskSuccess(String taskToken, String outputJson) {}

          @Override
          public void sendTaskFailure(String taskToken, String error, String cause) {}

          @Override
          public void sendTaskHeartbeat(String taskToken) {}

          @Override
          public void stop(String executionArn, String error, String cause) {}
        };
    RunnerServices runner =
        new RunnerServices(
            executions,
            new PipelineSource(pipelines),
            new InMemoryApprovalStore(tokens),
            clusters,
            new dev.gennaker.core.agent.InMemoryAgentChannel(clock, Duration.ofSeconds(30), 5),
            new InMemoryTaskTokens(),
            orchestrator,
            Notifier.NONE,
            new StageExecutors(Map.of()),
            clock);
    ApplyPipeline apply = new ApplyPipeline(pipelines, clusters, clock);
    InMemorySecretStore secrets = new InMemorySecretStore();
    secrets.put(new SecretRef(TENANT, "github-webhook"), SecretValue.of(SECRET));
    apply.apply(
        TENANT,
        pipeline(
            "orders",
            "orders-release",
            "    - type: github\n      repository: acme/orders\n      events: [push]\n"
                + "      branches: [main, \"release/*\"]\n      paths: [\"deploy/**\"]\n"),
        "bench",
        "");
    for (int i = 0; i < otherPipelines; i++) {
      apply.apply(
          TENANT,
          pipeline(
              "app" + i,
              "other-" + i,
              "    - type: github\n      repository: acme/service-"
                  + i
                  + "\n      events: [push]\n      branches: [main]\n"),
          "bench",
          "");
    }
    GitHubApi api = new GitHubApi(URI.create("http://127.0.0.1:9"), secrets);
    ExecutorService none = Executors.newSingleThreadExecutor();
    function =
        new GitHubWebhookFunction(
            new GitHubServices(
                secrets,
                runner,
                apply,
                deliveries,
                api,
                new CommitStatuses(api, 1, Duration.ofMillis(1), none),
                new ExecutionLinks(URI.create("http://localhost:8080")),
                clock));
    none.shutdown();
    body = GitHubStandIn.fixture("push.json").getBytes(StandardCharsets.UTF_8);
  }

  private final AtomicInteger sequence = new AtomicInteger();

  /** One delivery; returns nanoseconds from handing it in to the orchestrator's start. */
  private long deliver() {
    String id = "bench-" + sequence.incrementAndGet();
    HttpRequest request =
        new HttpRequest(
            "POST",
            "/webhooks/github/acme",
            Map.of(),
            Map.of(
                "Content-Type",
                "application/json",
                "X-GitHub-Event",
                "push",
                "X-GitHub-Delivery",
                id,
                "X-Hub-Signature-256",
                WebhookFixture.sign(SECRET, body)),
            body,
            "127.0.0.1");
    long t0 = System.nanoTime();
    HttpResponse r = function.handle(request);
    if (r.status() != 202 || !r.bodyText().contains("\"executionId\"")) {
      throw new IllegalStateException("delivery not accepted: " + r.status() + " " + r.bodyText());
    }
    String executionId = r.bodyText().replaceAll(".*\"executionId\":\"([^\"]+)\".*", "$1");
    Long started = startedAt.remove(executionId);
    if (started == null) {
      throw new IllegalStateException("no start recorded for " + executionId);
    }
    return started - t0;
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int others = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    boolean dynamo = args.length > 2 && args[2].equals("dynamodb");
    WebhookLatencyBenchmark bench = new WebhookLatencyBenchmark(others, dynamo);
    for (int i = 0; i < 300; i++) {
      bench.deliver();
    }
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      nanos[i] = bench.deliver();
    }
    Arrays.sort(nanos);
    System.out.printf(
        "accepted delivery -> StartExecution, %s stores, %d sequential deliveries, tenant with %d"
            + " pipelines:%n"
            + "  p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  max %.3f ms%n",
        dynamo ? "DynamoDB Local" : "in-memory",
        n,
        others + 1,
        ms(nanos[n / 2]),
        ms(nanos[(int) (n * 0.9)]),
        ms(nanos[(int) Math.ceil(n * 0.99) - 1]),
        ms(nanos[n - 1]));
    for (int threads : List.of(1, 2, 4)) {
      int total = 3000;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      long t0 = System.nanoTime();
      List<Future<Long>> done =
          pool.invokeAll(
              java.util.Collections.nCopies(
                  total, (java.util.concurrent.Callable<Long>) bench::deliver));
      for (Future<Long> f : done) {
        f.get();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      pool.shutdown();
      System.out.printf(
          "  throughput with %d concurrent callers: %.0f deliveries/s (%d in %.2f s)%n",
          threads, total / seconds, total, seconds);
    }
    System.exit(0); // DynamoDB Local's server threads would keep the JVM alive
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
