package dev.gennaker.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.agent.InMemoryAgentChannel;
import dev.gennaker.core.approval.InMemoryApprovalStore;
import dev.gennaker.core.cluster.InMemoryClusterStore;
import dev.gennaker.core.execution.InMemoryExecutionStore;
import dev.gennaker.core.onboarding.ApplyTenantDeclaration;
import dev.gennaker.core.onboarding.TenantDeclaration;
import dev.gennaker.core.pipeline.ApplyPipeline;
import dev.gennaker.core.runner.CancelExecution;
import dev.gennaker.core.runner.InMemoryTaskTokens;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.runner.Orchestrator;
import dev.gennaker.core.runner.PipelineSource;
import dev.gennaker.core.runner.RestartExecution;
import dev.gennaker.core.runner.RunnerServices;
import dev.gennaker.core.runner.StageExecutors;
import dev.gennaker.core.runner.StartExecution;
import dev.gennaker.core.store.InMemoryPipelineStore;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The use cases check roles themselves: an entry point that forgets cannot let a viewer act. */
class UseCaseRolesTest {
  private static final TenantId ACME = TenantId.of("acme");
  private final Clock clock = Clock.systemUTC();
  private final PageTokens tokens = PageTokens.withPassphrase("roles-test");
  private final InMemoryPipelineStore pipelines = new InMemoryPipelineStore(tokens);
  private final InMemoryClusterStore clusters = new InMemoryClusterStore(tokens);
  private final InMemoryExecutionStore executions = new InMemoryExecutionStore(tokens);
  private final InMemoryTenantStore tenants = new InMemoryTenantStore(tokens);
  private final Orchestrator untouchable =
      (Orchestrator)
          Proxy.newProxyInstance(
              Orchestrator.class.getClassLoader(),
              new Class<?>[] {Orchestrator.class},
              (proxy, method, args) -> {
                throw new AssertionError("the orchestrator was called: " + method.getName());
              });
  private final RunnerServices runner =
      new RunnerServices(
          executions,
          new PipelineSource(pipelines),
          new InMemoryApprovalStore(tokens),
          clusters,
          new InMemoryAgentChannel(clock, Duration.ofSeconds(30), 5),
          new InMemoryTaskTokens(),
          untouchable,
          Notifier.NONE,
          new StageExecutors(Map.of()),
          clock);

  private static Principal as(Role role) {
    return new Principal(ACME, "someone@acme.io", role);
  }

  @Test
  void belowTheNeededRole_nothingHappens() {
    assertThatThrownBy(
            () ->
                new ApplyPipeline(pipelines, clusters, clock)
                    .apply(as(Role.DEPLOYER), "apiVersion: gennaker.dev/v1\n", ""))
        .isInstanceOf(Principal.ForbiddenException.class)
        .hasMessage("this needs the editor role; your key has deployer");
    assertThat(pipelines.listPipelines(ACME, PageRequest.first(10)).items()).isEmpty();

    assertThatThrownBy(
            () ->
                new StartExecution(runner, tenants)
                    .start(as(Role.VIEWER), "shop", "release", Map.of(), null))
        .isInstanceOf(Principal.ForbiddenException.class)
        .hasMessage("this needs the deployer role; your key has viewer");
    assertThatThrownBy(() -> new CancelExecution(runner).cancel(as(Role.VIEWER), "ex-1", true))
        .isInstanceOf(Principal.ForbiddenException.class);
    assertThatThrownBy(
            () -> new RestartExecution(runner).restart(as(Role.VIEWER), "ex-1", "deploy"))
        .isInstanceOf(Principal.ForbiddenException.class);
    assertThat(executions.list(ACME, PageRequest.first(10)).items()).isEmpty();

    tenants.createTenant(new Tenant(ACME, "Acme", clock.instant()));
    TenantDeclaration declaration =
        TenantDeclaration.read(
                "apiVersion: gennaker.dev/v1\nkind: Tenant\nmetadata: {id: acme, name: Evil}\n"
                    + "spec:\n  members: [{user: eve@acme.io, roles: [admin]}]\n")
            .declaration()
            .orElseThrow();
    assertThatThrownBy(
            () ->
                new ApplyTenantDeclaration(
                        tenants, clusters, new InMemoryApiKeyStore(tokens), clock)
                    .apply(as(Role.EDITOR), declaration, true))
        .isInstanceOf(Principal.ForbiddenException.class)
        .hasMessage("this needs the admin role; your key has editor");
    assertThat(tenants.getMember(ACME, "eve@acme.io")).isEmpty();
    assertThat(tenants.getTenant(ACME).orElseThrow().displayName()).isEqualTo("Acme");
  }
}
