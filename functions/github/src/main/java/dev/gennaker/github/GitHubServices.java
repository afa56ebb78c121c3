package dev.gennaker.github;

import dev.gennaker.core.pipeline.ApplyPipeline;
import dev.gennaker.core.runner.RunnerServices;
import dev.gennaker.core.secret.SecretStore;
import dev.gennaker.core.trigger.DeliveryResults;
import java.time.Clock;

/**
 * What the trigger functions use; built once per process (Lambda init, local mode start).
 *
 * @param secrets where the tenants' {@code github-webhook}, {@code github-token} and {@code
 *     registry-webhook} secrets live
 * @param runner the runner's ports ({@code StartExecution} is built over them)
 * @param apply applies pipeline files pushed to a repository's default branch
 * @param deliveries remembers what each delivery started
 * @param github the GitHub REST API (contents, compare, statuses)
 * @param statuses reports commit statuses off the request path
 * @param links portal links for statuses
 */
public record GitHubServices(
    SecretStore secrets,
    RunnerServices runner,
    ApplyPipeline apply,
    DeliveryResults deliveries,
    GitHubApi github,
    CommitStatuses statuses,
    ExecutionLinks links,
    Clock clock,
    dev.gennaker.core.tenant.TenantStore tenants) {

  /** Services that do not look at drain mode (tests and benchmarks without a tenant store). */
  public GitHubServices(
      SecretStore secrets,
      RunnerServices runner,
      ApplyPipeline apply,
      DeliveryResults deliveries,
      GitHubApi github,
      CommitStatuses statuses,
      ExecutionLinks links,
      Clock clock) {
    this(secrets, runner, apply, deliveries, github, statuses, links, clock, null);
  }

  /** A start of new work: refused while the tenant drains. */
  public dev.gennaker.core.runner.StartExecution start() {
    return new dev.gennaker.core.runner.StartExecution(runner, tenants);
  }
}
