package dev.gennaker.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.agent.InMemoryAgentChannel;
import dev.gennaker.core.approval.InMemoryApprovalStore;
import dev.gennaker.core.cluster.InMemoryClusterStore;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.InMemoryExecutionStore;
import dev.gennaker.core.pipeline.ApplyPipeline;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.store.InMemoryPipelineStore;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.Principal;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run a start begins may write the execution before the start records the run's ARN. */
class StartExecutionRaceTest {
  private static final TenantId ACME = TenantId.of("acme");

  @Test
  void theRunnerWritingFirst_doesNotFailTheStart_andTheArnIsKept() {
    Clock clock = Clock.systemUTC();
    PageTokens tokens = PageTokens.withPassphrase("race");
    InMemoryPipelineStore pipelines = new InMemoryPipelineStore(tokens);
    InMemoryExecutionStore store = new InMemoryExecutionStore(tokens);
    java.util.concurrent.atomic.AtomicBoolean raced =
        new java.util.concurrent.atomic.AtomicBoolean();
    // The runner's plan step writes between the start's read and its write of the ARN.
    dev.gennaker.core.execution.ExecutionStore executions =
        (dev.gennaker.core.execution.ExecutionStore)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {dev.gennaker.core.execution.ExecutionStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("update")
                      && ((Execution) args[0]).stateMachineExecutionArn().isPresent()
                      && raced.compareAndSet(false, true)) {
                    Execution now =
                        store.get(ACME, ((Execution) args[0]).executionId()).orElseThrow();
                    store.update(now.withStatus(ExecutionStatus.RUNNING, clock.instant()));
                  }
                  try {
                    return method.invoke(store, args);
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    InMemoryClusterStore clusters = new InMemoryClusterStore(tokens);
    new ApplyPipeline(pipelines, clusters, clock)
        .apply(
            ACME,
            """
            apiVersion: gennaker.dev/v1
            kind: Pipeline
            metadata: {name: release, application: shop}
            spec:
              stages:
                - {id: pause, type: wait, with: {duration: 1m}}
            """,
            "ana",
            "");
    Orchestrator planningAtOnce =
        new Orchestrator() {
          @Override
          public String provisionTenant(TenantId tenant) {
            return "arn";
          }

          @Override
          public void deprovisionTenant(TenantId tenant) {}

          @Override
          public String start(TenantId tenant, String executionId, String inputJson) {
            return "arn:aws:states:us-east-1:123456789012:execution:gennaker-runner-acme:"
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
    RunnerServices runner =
        new RunnerServices(
            executions,
            new PipelineSource(pipelines),
            new InMemoryApprovalStore(tokens),
            clusters,
            new InMemoryAgentChannel(clock, Duration.ofSeconds(30), 5),
            new InMemoryTaskTokens(),
            planningAtOnce,
            Notifier.NONE,
            new StageExecutors(Map.of()),
            clock);

    Execution started =
        new StartExecution(runner)
            .start(new Principal(ACME, "ana", Role.DEPLOYER), "shop", "release", Map.of(), null);

    assertThat(raced).isTrue();
    assertThat(started.status()).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(started.stateMachineExecutionArn()).isPresent();
    assertThat(executions.get(ACME, started.executionId()).orElseThrow().stateMachineExecutionArn())
        .isPresent();
  }
}
