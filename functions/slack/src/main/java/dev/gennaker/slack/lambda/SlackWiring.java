package dev.gennaker.slack.lambda;

import dev.gennaker.api.RateLimiter;
import dev.gennaker.api.Requests;
import dev.gennaker.aws.ControlPlane;
import dev.gennaker.core.runner.DecideApproval;
import dev.gennaker.core.runner.PipelineSource;
import dev.gennaker.core.runner.RunnerServices;
import dev.gennaker.core.runner.StageExecutors;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.slack.ListedSlackConnections;
import dev.gennaker.core.slack.SlackConnections;
import dev.gennaker.core.slack.SlackDirectory;
import dev.gennaker.slack.DeliveryThread;
import dev.gennaker.slack.SlackApi;
import dev.gennaker.slack.SlackApp;
import dev.gennaker.slack.SlackNotifier;
import dev.gennaker.slack.SlackReminders;
import dev.gennaker.slack.SlackServices;
import dev.gennaker.slack.aws.DynamoDbSlackDirectory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The Slack functions' services over a {@link ControlPlane}, built once per process (Lambda init):
 * the same classes local mode wires, with the connected-tenants directory and the delivery thread
 * the Lambda handlers wait on.
 */
public final class SlackWiring {
  private SlackWiring() {}

  /** Slack's Web API, when {@code GENNAKER_SLACK_API_URL} is unset. */
  public static final URI SLACK_API = URI.create("https://slack.com/api/");

  /**
   * What the Slack functions read besides the control plane's configuration.
   *
   * @param slackApi the Web API base ({@code GENNAKER_SLACK_API_URL}, default {@link #SLACK_API})
   * @param portal the portal, for links in messages and the redirect after install ({@code
   *     GENNAKER_PORTAL_URL})
   * @param app the deployment's Slack app ({@code GENNAKER_SLACK_CLIENT_ID}, {@code
   *     GENNAKER_SLACK_CLIENT_SECRET}, {@code GENNAKER_SLACK_SIGNING_SECRET}: all three or none)
   */
  public record Config(URI slackApi, URI portal, Optional<SlackApp> app) {
    static final List<String> APP =
        List.of(
            "GENNAKER_SLACK_CLIENT_ID",
            "GENNAKER_SLACK_CLIENT_SECRET",
            "GENNAKER_SLACK_SIGNING_SECRET");

    /**
     * @throws IllegalStateException naming what is missing: the portal, or part of the app
     */
    public static Config fromEnvironment(Map<String, String> env) {
      String portal = env.getOrDefault("GENNAKER_PORTAL_URL", "");
      if (portal.isBlank()) {
        throw new IllegalStateException("the function's environment lacks GENNAKER_PORTAL_URL");
      }
      String api = env.getOrDefault("GENNAKER_SLACK_API_URL", "");
      List<String> missing = new ArrayList<>();
      for (String name : APP) {
        if (env.getOrDefault(name, "").isBlank()) {
          missing.add(name);
        }
      }
      Optional<SlackApp> app = Optional.empty();
      if (missing.size() == APP.size()) {
        app = Optional.empty();
      } else if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "a Slack app needs all of "
                + String.join(", ", APP)
                + "; the function's environment lacks "
                + String.join(", ", missing));
      } else {
        app =
            Optional.of(
                new SlackApp(
                    env.get("GENNAKER_SLACK_CLIENT_ID").trim(),
                    SecretValue.of(env.get("GENNAKER_SLACK_CLIENT_SECRET").trim()),
                    SecretValue.of(env.get("GENNAKER_SLACK_SIGNING_SECRET").trim())));
      }
      return new Config(
          api.isBlank() ? SLACK_API : URI.create(api.endsWith("/") ? api : api + "/"),
          URI.create(portal),
          app);
    }
  }

  /** Everything the Slack handlers use. */
  public record Slack(
      SlackServices services,
      SlackNotifier notifier,
      DeliveryThread delivery,
      SlackReminders reminders,
      SlackConnections connections,
      SlackDirectory directory,
      Config config) {}

  /** The Slack functions over {@code plane}. */
  public static Slack wire(ControlPlane plane, Config config) {
    SlackDirectory directory = new DynamoDbSlackDirectory(plane.dynamo(), plane.config().table());
    SlackConnections connections = new ListedSlackConnections(plane.slackConnections(), directory);
    SlackApi api = new SlackApi(config.slackApi().toString(), SlackApi.Retries.standard());
    DeliveryThread delivery = new DeliveryThread();
    PipelineSource pipelines = new PipelineSource(plane.pipelines());
    SlackNotifier notifier =
        new SlackNotifier(
            connections,
            plane.slackMessages(),
            plane.secrets(),
            plane.executions(),
            plane.approvals(),
            pipelines,
            api,
            config.portal().toString(),
            delivery,
            plane.clock());
    RunnerServices runner =
        new RunnerServices(
            plane.executions(),
            pipelines,
            plane.approvals(),
            plane.clusters(),
            plane.agents(),
            plane.taskTokens(),
            plane.orchestrator(),
            notifier,
            // Slack decides approvals; stages run in the runner's functions.
            new StageExecutors(Map.of()),
            plane.clock());
    SlackServices services =
        new SlackServices(
            connections,
            plane.secrets(),
            plane.tenants(),
            new DecideApproval(runner),
            plane.idempotency(),
            api,
            notifier,
            new Requests(plane.apiKeys(), new RateLimiter(50, 200, plane.clock())),
            plane.audit(),
            // Work goes through the slack-work queue on AWS; nothing runs in-process after answers.
            Runnable::run,
            plane.clock());
    SlackReminders reminders =
        new SlackReminders(
            plane.slackMessages(),
            plane.secrets(),
            plane.approvals(),
            plane.executions(),
            plane.tenants(),
            pipelines,
            api,
            plane.clock());
    return new Slack(services, notifier, delivery, reminders, connections, directory, config);
  }

  /**
   * An SQS client like the control plane's own: its region, and its endpoint override in local
   * engines' tests.
   */
  public static SqsClient sqs(ControlPlane.Config config) {
    var builder =
        SqsClient.builder()
            .region(Region.of(config.region()))
            .httpClientBuilder(UrlConnectionHttpClient.builder());
    if (config.endpoint().sqs().isPresent()) {
      builder
          .endpointOverride(config.endpoint().sqs().get())
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return builder.build();
  }
}
