package dev.gennaker.stages;

import dev.gennaker.aws.ControlPlane;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.runner.PipelineSource;
import dev.gennaker.core.runner.RunnerServices;
import dev.gennaker.core.runner.StageExecutors;
import dev.gennaker.core.runner.WebhookCallbacks;
import dev.gennaker.core.source.SourceFiles;
import java.time.Duration;

/**
 * The runner's services over a {@link ControlPlane}, with every stage type's executor: the same
 * wiring for the task functions on Lambda and in local mode.
 */
public final class RunnerWiring {
  /** How long a stage waits without a word from its agent before the attempt is retried. */
  public static final Duration AGENT_HEARTBEAT = Duration.ofMinutes(2);

  private RunnerWiring() {}

  /**
   * @param notifier who is told (Slack, commit statuses, chained pipelines), or {@link
   *     Notifier#NONE}
   * @param sources where bake stages read repository files
   * @param callbacks the URL and key with which webhook stages are called back
   */
  public static RunnerServices services(
      ControlPlane plane,
      Notifier notifier,
      SourceFiles sources,
      WebhookCallbacks callbacks,
      Duration agentHeartbeat) {
    return new RunnerServices(
        plane.executions(),
        new PipelineSource(plane.pipelines()),
        plane.approvals(),
        plane.clusters(),
        plane.agents(),
        plane.taskTokens(),
        plane.orchestrator(),
        notifier,
        StageExecutors.standard(
            new StageExecutors.Ports(
                plane.approvals(),
                plane.clusters(),
                plane.agents(),
                notifier,
                sources,
                new HelmChartRenderer(),
                plane.blobs(),
                plane.configVersions(),
                new JdkWebhookClient(),
                plane.secrets(),
                callbacks,
                plane.clock(),
                agentHeartbeat)),
        plane.clock());
  }
}
