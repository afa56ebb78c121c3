package dev.gennaker.core.trigger;

import dev.gennaker.core.approval.InMemoryApprovalStore;
import dev.gennaker.core.cluster.Cluster;
import dev.gennaker.core.cluster.InMemoryClusterStore;
import dev.gennaker.core.execution.InMemoryExecutionStore;
import dev.gennaker.core.pipeline.ApplyPipeline;
import dev.gennaker.core.runner.InMemoryTaskTokens;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.runner.Orchestrator;
import dev.gennaker.core.runner.PipelineSource;
import dev.gennaker.core.runner.RunnerServices;
import dev.gennaker.core.runner.StageExecutors;
import dev.gennaker.core.runner.StartExecution;
import dev.gennaker.core.store.InMemoryPipelineStore;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * In-memory runner ports with an orchestrator that records what it was asked to start, for tests of
 * the triggers (here and in the trigger functions). The notifier is settable, so tests can wire
 * {@link ChainedPipelines} into the runner as production does.
 */
public final class TriggerFixture {
  public static final TenantId ACME = TenantId.of("acme");
  public static final TenantId GLOBEX = TenantId.of("globex");

  public final Clock clock;
  public final PageTokens tokens = PageTokens.withPassphrase("trigger-tests");
  public final InMemoryPipelineStore pipelines = new InMemoryPipelineStore(tokens);
  public final InMemoryClusterStore clusters = new InMemoryClusterStore(tokens);
  public final InMemoryExecutionStore executions = new InMemoryExecutionStore(tokens);

  /** {@code tenant/executionId} of every orchestrator start, in order. */
  public final List<String> started = new CopyOnWriteArrayList<>();

  public final AtomicReference<Notifier> notifier = new AtomicReference<>(Notifier.NONE);
  public final RunnerServices runner;
  public final PipelineSource source;
  public final ApplyPipeline apply;

  public TriggerFixture() {
    this(Clock.systemUTC());
  }

  public TriggerFixture(Clock clock) {
    this.clock = clock;
    this.source = new PipelineSource(pipelines);
    Orchestrator orchestrator =
        new Orchestrator() {
          @Override
          public String provisionTenant(TenantId tenant) {
            return "arn:aws:states:eu-west-1:123456789012:stateMachine:gennaker-runner-"
                + tenant.value();
          }

          @Override
          public void deprovisionTenant(TenantId tenant) {}

          @Override
          public String start(TenantId tenant, String executionId, String inputJson) {
            started.add(tenant.value() + "/" + executionId);
            return "arn:aws:states:eu-west-1:123456789012:execution:gennaker-runner-"
                + tenant.value()
                + ":"
                + executionId;
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
    runner =
        new RunnerServices(
            executions,
            source,
            new InMemoryApprovalStore(tokens),
            clusters,
            new dev.gennaker.core.agent.InMemoryAgentChannel(clock, Duration.ofSeconds(30), 5),
            new InMemoryTaskTokens(),
            orchestrator,
            (event, execution, stageId, detail) ->
                notifier.get().notify(event, execution, stageId, detail),
            new StageExecutors(Map.of()),
            clock);
    apply = new ApplyPipeline(pipelines, clusters, clock);
    for (TenantId t : List.of(ACME, GLOBEX)) {
      clusters.createCluster(new Cluster(t, "staging", "Staging", clock.instant(), 0));
    }
  }

  public StartExecution start() {
    return new StartExecution(runner);
  }

  public TenantPipelines tenantPipelines() {
    return new TenantPipelines(source);
  }

  /** Applies {@code yaml} for {@code tenant}; fails the test when the file is invalid. */
  public void applyPipeline(TenantId tenant, String yaml) {
    ApplyPipeline.Result r = apply.apply(tenant, yaml, "test", "");
    if (r instanceof ApplyPipeline.Invalid i) {
      throw new AssertionError("test pipeline is invalid: " + i.validation().diagnostics());
    }
  }

  /**
   * A small valid pipeline file: one wait stage, the given trigger lines (YAML list items indented
   * by four spaces, e.g. {@code " - type: schedule\n cron: ..."}).
   */
  public static String pipeline(String application, String name, String triggers) {
    return "apiVersion: gennaker.dev/v1\n"
        + "kind: Pipeline\n"
        + "metadata:\n"
        + "  name: "
        + name
        + "\n"
        + "  application: "
        + application
        + "\n"
        + "spec:\n"
        + (triggers.isEmpty() ? "" : "  triggers:\n" + triggers)
        + "  stages:\n"
        + "    - id: pause\n"
        + "      type: wait\n"
        + "      with:\n"
        + "        duration: 1s\n";
  }
}
