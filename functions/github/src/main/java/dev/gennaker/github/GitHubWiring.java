package dev.gennaker.github;

import dev.gennaker.aws.ControlPlane;
import dev.gennaker.aws.dynamodb.DynamoDbDeliveryResults;
import dev.gennaker.aws.dynamodb.DynamoDbScheduleCursors;
import dev.gennaker.core.pipeline.ApplyPipeline;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.runner.PipelineSource;
import dev.gennaker.core.runner.RunnerServices;
import dev.gennaker.core.runner.StageExecutors;
import dev.gennaker.core.runner.StartExecution;
import dev.gennaker.core.trigger.ChainedPipelines;
import dev.gennaker.core.trigger.FireSchedules;
import dev.gennaker.core.trigger.TenantPipelines;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The trigger functions' services over a {@link ControlPlane}: the same wiring on AWS and in local
 * mode (where the plane's endpoints point at the embedded engines).
 */
public final class GitHubWiring {
  private GitHubWiring() {}

  /**
   * What the trigger functions read besides the control plane's own configuration.
   *
   * @param githubApi the GitHub REST API ({@code GENNAKER_GITHUB_API_URL}; GitHub.com when unset,
   *     {@code https://<host>/api/v3} for GitHub Enterprise Server)
   * @param portal the portal, for links in commit statuses ({@code GENNAKER_PORTAL_URL})
   */
  public record Config(URI githubApi, URI portal) {
    public static Config fromEnvironment(Map<String, String> env) {
      String portal = env.getOrDefault("GENNAKER_PORTAL_URL", "");
      if (portal.isBlank()) {
        throw new IllegalStateException("the function's environment lacks GENNAKER_PORTAL_URL");
      }
      String api = env.getOrDefault("GENNAKER_GITHUB_API_URL", "");
      return new Config(api.isBlank() ? GitHubApi.PUBLIC_API : URI.create(api), URI.create(portal));
    }
  }

  /** The services of the webhook functions. Commit statuses go out on two daemon threads. */
  public static GitHubServices services(ControlPlane plane, Config config) {
    RunnerServices runner =
        new RunnerServices(
            plane.executions(),
            new PipelineSource(plane.pipelines()),
            plane.approvals(),
            plane.clusters(),
            plane.agents(),
            plane.taskTokens(),
            plane.orchestrator(),
            // webhooks only start executions; stages run and notify in the runner's functions
            Notifier.NONE,
            new StageExecutors(Map.of()),
            plane.clock());
    GitHubApi api = new GitHubApi(config.githubApi(), plane.secrets());
    ExecutorService statusThreads =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "gennaker-commit-status");
              t.setDaemon(true);
              return t;
            });
    return new GitHubServices(
        plane.secrets(),
        runner,
        new ApplyPipeline(plane.pipelines(), plane.clusters(), plane.clock()),
        new DynamoDbDeliveryResults(plane.dynamo(), plane.config().table(), plane.clock()),
        api,
        new CommitStatuses(api, 4, Duration.ofSeconds(1), statusThreads),
        new ExecutionLinks(config.portal()),
        plane.clock(),
        plane.tenants());
  }

  /**
   * What the runner's notifier should include for triggers (compose with {@link Notifier#all}):
   * chained pipelines and the completion of commit statuses.
   *
   * @param runner the runner's services, asked for lazily because they include this notifier
   */
  public static Notifier runnerNotifier(GitHubServices services, Supplier<RunnerServices> runner) {
    return Notifier.all(
        new ChainedPipelines(
            new TenantPipelines(services.runner().pipelines()),
            () -> new StartExecution(runner.get(), services.tenants())),
        new CommitStatusNotifier(services.statuses(), services.links()));
  }

  /** The use case schedules fire through, over the plane's stores (cursors in its table). */
  public static FireSchedules schedules(ControlPlane plane, GitHubServices services) {
    return new FireSchedules(
        new TenantPipelines(services.runner().pipelines()),
        new DynamoDbScheduleCursors(plane.dynamo(), plane.config().table()),
        services::start);
  }
}
