package dev.gennaker.local.mode;

import dev.gennaker.api.RateLimiter;
import dev.gennaker.api.Requests;
import dev.gennaker.aws.ControlPlane;
import dev.gennaker.core.runner.DecideApproval;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.runner.PipelineSource;
import dev.gennaker.core.runner.RunnerServices;
import dev.gennaker.core.source.SourceFiles;
import dev.gennaker.slack.SlackApi;
import dev.gennaker.slack.SlackFunction;
import dev.gennaker.slack.SlackNotifier;
import dev.gennaker.slack.SlackServices;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The outside world local mode talks to: Slack (notifications and the interactions webhook) and
 * GitHub (webhooks, pipeline files, commit statuses). Base URLs default to the real services; tests
 * point them at stand-ins.
 */
final class Integrations implements AutoCloseable {
  static final URI SLACK = URI.create("https://slack.com/api/");

  private final ControlPlane plane;
  private final LocalMode.Options options;
  private final ExecutorService slackDelivery = SlackNotifier.deliveryThread();
  private final ExecutorService slackWork =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "slack-interactions");
            t.setDaemon(true);
            return t;
          });
  private final SlackApi slackApi;
  private final SlackNotifier slack;
  private final dev.gennaker.github.GitHubServices github;
  private final java.util.concurrent.atomic.AtomicReference<RunnerServices> runner =
      new java.util.concurrent.atomic.AtomicReference<>();
  private dev.gennaker.github.LocalScheduler scheduler;
  private java.util.concurrent.ScheduledExecutorService reminders;

  private Integrations(ControlPlane plane, LocalMode.Options options, URI apiUrl) {
    this.plane = plane;
    this.options = options;
    this.slackApi =
        new SlackApi(options.slackApi().orElse(SLACK).toString(), SlackApi.Retries.standard());
    this.slack =
        new SlackNotifier(
            plane.slackConnections(),
            plane.slackMessages(),
            plane.secrets(),
            plane.executions(),
            plane.approvals(),
            new PipelineSource(plane.pipelines()),
            slackApi,
            apiUrl.toString(),
            slackDelivery,
            plane.clock());
    this.github =
        dev.gennaker.github.GitHubWiring.services(
            plane,
            new dev.gennaker.github.GitHubWiring.Config(
                options.githubApi().orElse(dev.gennaker.github.GitHubApi.PUBLIC_API), apiUrl));
  }

  static Integrations create(ControlPlane plane, LocalMode.Options options, URI apiUrl) {
    return new Integrations(plane, options, apiUrl);
  }

  /** Who the runner tells: Slack, commit statuses on GitHub, chained pipelines. */
  Notifier runnerNotifier() {
    return Notifier.all(
        slack, dev.gennaker.github.GitHubWiring.runnerNotifier(github, runner::get));
  }

  /** Who hears of decisions made through the API: Slack, to close its approval messages. */
  Notifier apiNotifier() {
    return slack;
  }

  /** Drift the agents report, posted to the tenant's Slack channel. */
  dev.gennaker.core.cluster.DriftListener driftListener() {
    return slack;
  }

  /** Where bake stages read repository files: the demo's folders, then GitHub. */
  SourceFiles sources() {
    return new DirectorySourceFiles(
        DemoTenant.tenantsDir(options).resolve("demo").resolve("repos"),
        java.util.Optional.of(new dev.gennaker.github.GitHubSourceFiles(github.github())));
  }

  void mount(Dispatch dispatch, RunnerServices runner) {
    this.runner.set(runner);
    dev.gennaker.github.TriggerFunctions triggers =
        new dev.gennaker.github.TriggerFunctions(github);
    dispatch.mount("/webhooks/github/", triggers).mount("/webhooks/registry/", triggers);
    SlackFunction slackFunction =
        new SlackFunction(
            new SlackServices(
                plane.slackConnections(),
                plane.secrets(),
                plane.tenants(),
                new DecideApproval(runner),
                plane.idempotency(),
                slackApi,
                slack,
                new Requests(plane.apiKeys(), new RateLimiter(50, 200, plane.clock())),
                plane.audit(),
                slackWork,
                plane.clock()));
    dispatch.mount("/webhooks/slack/", slackFunction).mount("/v1/slack", slackFunction);
  }

  /**
   * Fires the schedules of {@code tenants} (the ones local mode loaded) every 15 seconds, and posts
   * the Slack reminders of their pending approvals every 30 seconds.
   */
  void startSchedules(java.util.List<dev.gennaker.core.tenant.TenantId> tenants) {
    dev.gennaker.slack.SlackReminders remind =
        new dev.gennaker.slack.SlackReminders(
            plane.slackMessages(),
            plane.secrets(),
            plane.approvals(),
            plane.executions(),
            plane.tenants(),
            new PipelineSource(plane.pipelines()),
            slackApi,
            plane.clock());
    reminders =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "slack-reminders");
              t.setDaemon(true);
              return t;
            });
    reminders.scheduleWithFixedDelay(
        () -> {
          for (dev.gennaker.core.tenant.TenantId tenant : tenants) {
            try {
              remind.remind(tenant);
            } catch (RuntimeException e) {
              java.util.logging.Logger.getLogger("gennaker.local")
                  .warning(
                      "event=slack-reminders-failed tenant=" + tenant + " reason=\"" + e + "\"");
            }
          }
        },
        30,
        30,
        java.util.concurrent.TimeUnit.SECONDS);
    scheduler =
        new dev.gennaker.github.LocalScheduler(
                dev.gennaker.github.GitHubWiring.schedules(plane, github),
                () -> tenants,
                plane.clock(),
                java.time.Duration.ofSeconds(15))
            .start();
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.close();
    }
    if (reminders != null) {
      reminders.shutdownNow();
    }
    slackWork.shutdownNow();
    slackDelivery.shutdownNow();
  }
}
