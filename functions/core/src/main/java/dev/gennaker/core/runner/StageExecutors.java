package dev.gennaker.core.runner;

import java.util.List;
import java.util.Map;

/**
 * The executor of each stage type, by kind. Built by the wiring, which decides which executors
 * exist (a type without one fails its stages with a clear reason rather than hanging).
 */
public final class StageExecutors {
  private final Map<String, StageExecutor> byKind;

  public StageExecutors(Map<String, StageExecutor> byKind) {
    this.byKind = Map.copyOf(byKind);
  }

  public StageExecutor of(String kind) {
    StageExecutor executor = byKind.get(kind);
    return executor != null ? executor : new Unsupported(kind);
  }

  public boolean supports(String kind) {
    return byKind.containsKey(kind);
  }

  /**
   * What the standard executors use.
   *
   * @param agentHeartbeat how long an agent may stay silent about a running command before its
   *     stage fails (agents report progress more often than this)
   */
  public record Ports(
      dev.gennaker.core.approval.ApprovalStore approvals,
      dev.gennaker.core.cluster.ClusterStore clusters,
      dev.gennaker.core.agent.AgentChannel agents,
      Notifier notifier,
      dev.gennaker.core.source.SourceFiles sources,
      ChartRenderer charts,
      dev.gennaker.core.blob.BlobStore blobs,
      dev.gennaker.core.manifest.ConfigVersionStore configVersions,
      WebhookClient webhooks,
      dev.gennaker.core.secret.SecretStore secrets,
      WebhookCallbacks callbacks,
      java.time.Clock clock,
      java.time.Duration agentHeartbeat) {}

  /** The standard executors over the runner's ports. */
  public static StageExecutors standard(Ports p) {
    AgentStageExecutor agent =
        new AgentStageExecutor(p.clusters(), p.agents(), p.clock(), p.agentHeartbeat());
    Map<String, StageExecutor> byKind = new java.util.LinkedHashMap<>();
    byKind.put(
        "bakeManifests",
        new BakeStageExecutor(p.sources(), p.charts(), p.blobs(), p.configVersions()));
    byKind.put("wait", new WaitStageExecutor());
    byKind.put("checkPreconditions", new CheckPreconditionsExecutor());
    byKind.put("approval", new ApprovalStageExecutor(p.approvals(), p.notifier()));
    byKind.put("pipeline", new PipelineStageExecutor());
    byKind.put("webhook", new WebhookStageExecutor(p.webhooks(), p.secrets(), p.callbacks()));
    for (String kind : List.of("deploy", "patch", "scale", "undoRollout", "delete", "runJob")) {
      byKind.put(kind, agent);
    }
    return new StageExecutors(byKind);
  }

  /** A stage type this deployment cannot run yet: its stages fail at once, saying so. */
  private record Unsupported(String kind) implements StageExecutor {
    @Override
    public Waiting waiting() {
      return Waiting.NONE;
    }

    @Override
    public java.time.Duration defaultTimeout() {
      return java.time.Duration.ofMinutes(1);
    }

    @Override
    public StageOutcome run(StageContext context) {
      return new StageOutcome.Failed(
          "stage type \"" + kind + "\" cannot run in this version of Gennaker yet");
    }
  }
}
