package dev.gennaker.github.lambda;

import dev.gennaker.aws.ControlPlane;
import dev.gennaker.core.trigger.TenantPipelines;
import dev.gennaker.github.EventBridgeScheduleArming;
import dev.gennaker.github.GitHubServices;
import dev.gennaker.github.GitHubWiring;
import dev.gennaker.github.ScheduleFiringHandler;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/**
 * The target of the tenants' EventBridge Scheduler schedules ({@code
 * dev.gennaker.github.lambda.ScheduleFiringLambda::handleRequest}), input {@code {"tenantId":
 * "acme"}}. Reads {@code GENNAKER_SCHEDULE_TARGET_ARN} (this function's ARN), {@code
 * GENNAKER_SCHEDULER_ROLE_ARN} and {@code GENNAKER_SCHEDULE_GROUP} besides the control plane's
 * variables.
 */
public final class ScheduleFiringLambda {
  private final ScheduleFiringHandler handler;

  public ScheduleFiringLambda() {
    Map<String, String> env = System.getenv();
    ControlPlane plane = ControlPlane.fromEnvironment(env);
    GitHubServices services =
        GitHubWiring.services(plane, GitHubWiring.Config.fromEnvironment(env));
    SchedulerClient scheduler =
        SchedulerClient.builder()
            .region(Region.of(plane.config().region()))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    this.handler =
        new ScheduleFiringHandler(
            GitHubWiring.schedules(plane, services),
            new EventBridgeScheduleArming(
                scheduler,
                new TenantPipelines(services.runner().pipelines()),
                required(env, "GENNAKER_SCHEDULE_TARGET_ARN"),
                required(env, "GENNAKER_SCHEDULER_ROLE_ARN"),
                env.getOrDefault("GENNAKER_SCHEDULE_GROUP", "default")),
            plane.clock());
  }

  public Map<String, Object> handleRequest(Map<String, Object> input) {
    return handler.handleRequest(input);
  }

  private static String required(Map<String, String> env, String name) {
    String v = env.getOrDefault(name, "");
    if (v.isBlank()) {
      throw new IllegalStateException("the function's environment lacks " + name);
    }
    return v;
  }
}
