package dev.gennaker.api;

import dev.gennaker.core.approval.InMemoryApprovalStore;
import dev.gennaker.core.cluster.Cluster;
import dev.gennaker.core.cluster.InMemoryClusterStore;
import dev.gennaker.core.execution.InMemoryExecutionStore;
import dev.gennaker.core.runner.InMemoryTaskTokens;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.runner.Orchestrator;
import dev.gennaker.core.runner.PipelineSource;
import dev.gennaker.core.runner.RunnerServices;
import dev.gennaker.core.runner.StageExecutors;
import dev.gennaker.core.store.InMemoryPipelineStore;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.ApiKeys;
import dev.gennaker.core.tenant.InMemoryApiKeyStore;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The API over in-memory stores, with a recording orchestrator and keys for two tenants. */
final class ApiFixture {
  static final TenantId A = TenantId.of("acme");
  static final TenantId B = TenantId.of("globex");

  final Clock clock = Clock.systemUTC();
  final PageTokens tokens = PageTokens.withPassphrase("api-test");
  final InMemoryApiKeyStore keyStore = new InMemoryApiKeyStore(tokens);
  final ApiKeys apiKeys = new ApiKeys(keyStore, clock);
  final InMemoryPipelineStore pipelines = new InMemoryPipelineStore(tokens);
  final InMemoryClusterStore clusters = new InMemoryClusterStore(tokens);
  final InMemoryExecutionStore executions = new InMemoryExecutionStore(tokens);
  final InMemoryApprovalStore approvals = new InMemoryApprovalStore(tokens);
  final dev.gennaker.core.cluster.InMemoryRegistrationTokens registrationTokens =
      new dev.gennaker.core.cluster.InMemoryRegistrationTokens(clock);
  final dev.gennaker.core.blob.InMemoryBlobStore blobs =
      new dev.gennaker.core.blob.InMemoryBlobStore();
  final dev.gennaker.core.agent.InMemoryAgentChannel channel =
      new dev.gennaker.core.agent.InMemoryAgentChannel(clock, Duration.ofSeconds(30), 5);
  final dev.gennaker.core.audit.InMemoryAuditLog audit =
      new dev.gennaker.core.audit.InMemoryAuditLog(tokens);
  final dev.gennaker.core.tenant.InMemoryTenantStore tenants =
      new dev.gennaker.core.tenant.InMemoryTenantStore(tokens);
  final dev.gennaker.core.secret.InMemorySecretStore secrets =
      new dev.gennaker.core.secret.InMemorySecretStore();
  final dev.gennaker.core.agent.InMemoryCommandDeliveries deliveries =
      new dev.gennaker.core.agent.InMemoryCommandDeliveries();
  final List<String> started = new CopyOnWriteArrayList<>();
  final List<String> stopped = new CopyOnWriteArrayList<>();
  final java.util.Set<String> provisioned = java.util.concurrent.ConcurrentHashMap.newKeySet();
  final RunnerServices runner;

  /** The API, checked against its contract on every answer. */
  final ContractChecked api;

  ApiFixture() {
    Orchestrator orchestrator =
        new Orchestrator() {
          @Override
          public String provisionTenant(TenantId tenant) {
            provisioned.add(tenant.value());
            return "arn:aws:states:us-east-1:123456789012:stateMachine:gennaker-runner-"
                + tenant.value();
          }

          @Override
          public void deprovisionTenant(TenantId tenant) {
            provisioned.remove(tenant.value());
          }

          @Override
          public String start(TenantId tenant, String executionId, String inputJson) {
            started.add(tenant.value() + "/" + executionId);
            return "arn:aws:states:us-east-1:123456789012:execution:gennaker-runner-"
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
          public void stop(String executionArn, String error, String cause) {
            stopped.add(executionArn);
          }
        };
    runner =
        new RunnerServices(
            executions,
            new PipelineSource(pipelines),
            approvals,
            clusters,
            channel,
            new InMemoryTaskTokens(),
            orchestrator,
            Notifier.NONE,
            new StageExecutors(Map.of()),
            clock);
    api = new ContractChecked(new ApiFunction(services(clock)));
    for (TenantId t : List.of(A, B)) {
      tenants.createTenant(new dev.gennaker.core.tenant.Tenant(t, t.value(), clock.instant()));
      clusters.createCluster(new Cluster(t, "staging", "Staging", clock.instant(), 0));
    }
  }

  /** The services over this fixture's stores, with {@code at} as the clock. */
  ApiServices services(Clock at) {
    return new ApiServices(
        tenants,
        keyStore,
        new ApiKeys(keyStore, at),
        secrets,
        pipelines,
        clusters,
        executions,
        approvals,
        runner,
        registrationTokens,
        blobs,
        deliveries,
        audit,
        at);
  }

  /** A key of {@code tenant} for a user named {@code user} with {@code role}. */
  String key(TenantId tenant, String user, Role role) {
    return apiKeys.issue(tenant, user, role).key();
  }

  static ApiFunction api() {
    return new ApiFixture().api.unwrapped();
  }
}
