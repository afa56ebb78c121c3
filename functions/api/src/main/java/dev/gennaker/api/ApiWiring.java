package dev.gennaker.api;

import dev.gennaker.aws.ControlPlane;
import dev.gennaker.core.cluster.DriftListener;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.runner.PipelineSource;
import dev.gennaker.core.runner.RunnerServices;
import dev.gennaker.core.runner.StageExecutors;
import java.util.Map;

/** The API's services over a {@link ControlPlane}: the same wiring on AWS and in local mode. */
public final class ApiWiring {
  private ApiWiring() {}

  /**
   * @param notifier who is told of decisions made through the API (Slack), or {@link Notifier#NONE}
   */
  public static ApiServices services(ControlPlane plane, Notifier notifier) {
    return services(plane, notifier, DriftListener.NONE);
  }

  /**
   * @param notifier who is told of decisions made through the API (Slack), or {@link Notifier#NONE}
   * @param drift who hears of drift agents report, besides the audit log
   */
  public static ApiServices services(ControlPlane plane, Notifier notifier, DriftListener drift) {
    RunnerServices runner =
        new RunnerServices(
            plane.executions(),
            new PipelineSource(plane.pipelines()),
            plane.approvals(),
            plane.clusters(),
            plane.agents(),
            plane.taskTokens(),
            plane.orchestrator(),
            notifier,
            // The API starts, cancels and decides; stages run in the runner's functions.
            new StageExecutors(Map.of()),
            plane.clock());
    return new ApiServices(
        plane.tenants(),
        plane.apiKeyStore(),
        plane.apiKeys(),
        plane.secrets(),
        plane.pipelines(),
        plane.clusters(),
        plane.executions(),
        plane.approvals(),
        runner,
        plane.registrationTokens(),
        plane.blobs(),
        plane.deliveries(),
        plane.audit(),
        plane.clock(),
        drift);
  }
}
