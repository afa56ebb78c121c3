package dev.gennaker.stages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.core.agent.InMemoryAgentChannel;
import dev.gennaker.core.agent.ReceivedCommand;
import dev.gennaker.core.approval.InMemoryApprovalStore;
import dev.gennaker.core.cluster.Agent;
import dev.gennaker.core.cluster.Cluster;
import dev.gennaker.core.cluster.InMemoryClusterStore;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.InMemoryExecutionStore;
import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.execution.Trigger;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.pipeline.StageStatus;
import dev.gennaker.core.runner.CompleteStage;
import dev.gennaker.core.runner.InMemoryTaskTokens;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.runner.PipelineSource;
import dev.gennaker.core.runner.RunnerServices;
import dev.gennaker.core.runner.StageExecutors;
import dev.gennaker.core.runner.StageOutcome;
import dev.gennaker.core.runner.StartExecution;
import dev.gennaker.core.store.InMemoryPipelineStore;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.store.PipelineVersion;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.statemachines.engine.EngineConfig;
import dev.gennaker.statemachines.engine.LocalStepFunctions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The whole runner on one machine for tests: in-memory stores, the local ASL engine running {@code
 * pipeline-runner.asl.json}, and a scripted agent that answers commands.
 */
final class RunnerHarness implements AutoCloseable {
  static final TenantId TENANT = TenantId.of("acme");

  final Clock clock = Clock.systemUTC();
  final PageTokens pageTokens = PageTokens.withPassphrase("runner-test");
  final InMemoryExecutionStore executions = new InMemoryExecutionStore(pageTokens);
  final InMemoryPipelineStore pipelineStore = new InMemoryPipelineStore(pageTokens);
  final InMemoryApprovalStore approvals = new InMemoryApprovalStore(pageTokens);
  final InMemoryClusterStore clusters = new InMemoryClusterStore(pageTokens);
  final InMemoryAgentChannel agentChannel =
      new InMemoryAgentChannel(clock, Duration.ofSeconds(30), 5);
  final dev.gennaker.core.source.InMemorySourceFiles sources =
      new dev.gennaker.core.source.InMemorySourceFiles();
  final dev.gennaker.core.blob.InMemoryBlobStore blobs =
      new dev.gennaker.core.blob.InMemoryBlobStore();
  final dev.gennaker.core.manifest.InMemoryConfigVersionStore configVersions =
      new dev.gennaker.core.manifest.InMemoryConfigVersionStore();
  final dev.gennaker.core.secret.InMemorySecretStore secrets =
      new dev.gennaker.core.secret.InMemorySecretStore();
  final dev.gennaker.core.runner.WebhookCallbacks callbacks =
      new dev.gennaker.core.runner.WebhookCallbacks(
          java.net.URI.create("http://127.0.0.1:1"), "k".repeat(32).getBytes());
  final List<String> notifications = Collections.synchronizedList(new ArrayList<>());
  private final LocalStepFunctions engine;
  final LocalEngineOrchestrator orchestrator;
  final RunnerServices services;
  final StartExecution start;

  /** How the scripted agent answers a command, by stage id; default: success. */
  final Map<String, Function<ReceivedCommand, StageOutcome>> agentScript = new HashMap<>();

  /** Agents the scripted agent also answers for, besides the staging and production ones. */
  final List<String> extraAgents = new java.util.concurrent.CopyOnWriteArrayList<>();

  final List<ReceivedCommand> commandsSeen = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean agentRunning = new AtomicBoolean(true);
  private final Thread agent;

  RunnerHarness() {
    this(Duration.ofSeconds(120));
  }

  RunnerHarness(Duration agentHeartbeat) {
    this(agentHeartbeat, false);
  }

  /**
   * @param skipRetryWaits Retry intervals (and Wait states) of the engine pass at once
   */
  RunnerHarness(Duration agentHeartbeat, boolean skipRetryWaits) {
    this(agentHeartbeat, EngineConfig.inMemory().withSkipWaits(skipRetryWaits));
  }

  final EngineConfig engineConfig;

  RunnerHarness(Duration agentHeartbeat, EngineConfig config) {
    engineConfig = config;
    engine = new LocalStepFunctions(config);
    orchestrator = new LocalEngineOrchestrator(engine);
    Notifier notifier =
        (event, execution, stageId, detail) ->
            notifications.add(event + (stageId == null ? "" : " " + stageId));
    services =
        new RunnerServices(
            executions,
            new PipelineSource(pipelineStore),
            approvals,
            clusters,
            agentChannel,
            new InMemoryTaskTokens(),
            orchestrator,
            notifier,
            StageExecutors.standard(
                new StageExecutors.Ports(
                    approvals,
                    clusters,
                    agentChannel,
                    notifier,
                    sources,
                    new HelmChartRenderer(),
                    blobs,
                    configVersions,
                    new JdkWebhookClient(),
                    secrets,
                    callbacks,
                    clock,
                    agentHeartbeat)),
            clock);
    orchestrator.install(new RunnerFunctions(services));
    start = new StartExecution(services);
    for (String cluster : List.of("staging", "production")) {
      clusters.createCluster(new Cluster(TENANT, cluster, cluster, clock.instant(), 0));
      clusters.createAgent(
          new Agent(
              TENANT,
              "agent-" + cluster,
              cluster,
              Set.of("orders"),
              "0".repeat(64),
              Optional.empty(),
              Optional.empty(),
              clock.instant(),
              0));
      agentChannel.open(TENANT, "agent-" + cluster);
    }
    agent = new Thread(this::runAgent, "scripted-agent");
    agent.setDaemon(true);
    agent.start();
  }

  /** Polls both agents' queues and answers each command per {@link #agentScript}. */
  private void runAgent() {
    CompleteStage complete = new CompleteStage(services);
    while (agentRunning.get()) {
      List<String> agents = new ArrayList<>(List.of("agent-staging", "agent-production"));
      agents.addAll(extraAgents);
      for (String agentId : agents) {
        for (ReceivedCommand received :
            agentChannel.receive(TENANT, agentId, 10, Duration.ofMillis(20))) {
          commandsSeen.add(received);
          var p = received.command().parameters();
          String stageId = p.get("stageId");
          String type = received.command().type();
          if (type.equals("abort")) {
            agentChannel.ack(TENANT, agentId, received.receipt());
            continue;
          }
          String key = type.equals("rollback") ? stageId + "/rollback" : stageId;
          StageOutcome outcome =
              agentScript
                  .getOrDefault(key, c -> new StageOutcome.Succeeded(Map.of("revision", "1")))
                  .apply(received);
          if (outcome != null) {
            int attempt = Integer.parseInt(p.get("attempt"));
            if (type.equals("rollback")) {
              complete.completeRollback(TENANT, p.get("executionId"), stageId, attempt, outcome);
            } else {
              complete.complete(TENANT, p.get("executionId"), stageId, attempt, outcome);
            }
          }
          agentChannel.ack(TENANT, agentId, received.receipt());
        }
      }
    }
  }

  void apply(String yaml) {
    var reader = new dev.gennaker.core.pipeline.PipelineReader();
    var result = reader.read(yaml);
    if (!result.valid()) {
      throw new AssertionError(result.format("test.yml"));
    }
    var p = result.get();
    int next =
        pipelineStore
            .latest(TENANT, p.metadata().application(), p.name())
            .map(v -> v.version() + 1)
            .orElse(1);
    pipelineStore.apply(
        new PipelineVersion(
            TENANT,
            p.metadata().application(),
            p.name(),
            next,
            yaml,
            "abc123",
            "dev",
            clock.instant()));
  }

  Execution start(String pipeline, String actor, Map<String, String> details) {
    return start(pipeline, actor, details, List.of());
  }

  Execution start(
      String pipeline,
      String actor,
      Map<String, String> details,
      List<dev.gennaker.core.execution.Artifact> artifacts) {
    return start.start(
        TENANT,
        "orders",
        pipeline,
        new Trigger("github-push", actor, details),
        Map.of(),
        artifacts);
  }

  Execution await(Execution e, ExecutionStatus status) {
    awaitTrue(
        () -> executions.get(TENANT, e.executionId()).orElseThrow().status() == status,
        Duration.ofSeconds(20),
        () ->
            "execution "
                + e.executionId()
                + " to be "
                + status
                + "; it is "
                + describe(e)
                + "; runner failures: "
                + failures(e));
    return executions.get(TENANT, e.executionId()).orElseThrow();
  }

  Map<String, StageStatus> stages(Execution e) {
    Map<String, StageStatus> out = new HashMap<>();
    for (StageRecord r :
        executions
            .listStages(TENANT, e.executionId(), new PageRequest(100, Optional.empty()))
            .items()) {
      out.put(r.stageId(), r.status());
    }
    return out;
  }

  StageRecord stage(Execution e, String stageId) {
    return executions.getStage(TENANT, e.executionId(), stageId).orElseThrow();
  }

  String describe(Execution e) {
    return executions.get(TENANT, e.executionId()).map(x -> x.status().toString()).orElse("?")
        + " "
        + stages(e);
  }

  /** The runner's failed steps, to say why an execution did not end as expected. */
  String failures(Execution e) {
    try {
      return history(e).stream()
          .filter(
              ev ->
                  ev.get("type").asText().contains("Failed")
                      || ev.get("type").asText().contains("TimedOut"))
          .map(ev -> ev.toString())
          .toList()
          .toString();
    } catch (RuntimeException ex) {
      return "(no history: " + ex.getMessage() + ")";
    }
  }

  List<ObjectNode> history(Execution e) {
    return orchestrator.engine.history(
        executions
            .get(TENANT, e.executionId())
            .orElseThrow()
            .stateMachineExecutionArn()
            .orElseThrow());
  }

  static void awaitTrue(
      BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what) {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting for " + what.get());
      }
      // A short pause between polls; the condition, not the pause, ends the wait.
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
    }
  }

  @Override
  public void close() {
    agentRunning.set(false);
    orchestrator.engine.close();
  }
}
