package dev.gennaker.core.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gennaker.core.agent.AgentChannel;
import dev.gennaker.core.agent.AgentCommand;
import dev.gennaker.core.cluster.Agent;
import dev.gennaker.core.cluster.ClusterStore;
import dev.gennaker.core.pipeline.stage.ClusterTarget;
import dev.gennaker.core.pipeline.stage.DeleteSpec;
import dev.gennaker.core.pipeline.stage.DeploySpec;
import dev.gennaker.core.pipeline.stage.PatchSpec;
import dev.gennaker.core.pipeline.stage.RunJobSpec;
import dev.gennaker.core.pipeline.stage.ScaleSpec;
import dev.gennaker.core.pipeline.stage.UndoRolloutSpec;
import dev.gennaker.core.store.PageRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stages done by a cluster's agent ({@code deploy}, {@code patch}, {@code scale}, {@code
 * undoRollout}, {@code delete}, {@code runJob}): sends one command to the agent of the target
 * cluster and waits for its result. The command id is the stage attempt's id, so a redelivered or
 * re-sent command is applied once by the agent.
 */
final class AgentStageExecutor implements StageExecutor {
  private static final ObjectMapper JSON =
      new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());

  private final ClusterStore clusters;
  private final AgentChannel agents;
  private final Clock clock;
  private final Duration heartbeat;

  AgentStageExecutor(ClusterStore clusters, AgentChannel agents, Clock clock, Duration heartbeat) {
    this.clusters = clusters;
    this.agents = agents;
    this.clock = clock;
    this.heartbeat = heartbeat;
  }

  @Override
  public Waiting waiting() {
    return Waiting.TOKEN;
  }

  @Override
  public Duration defaultTimeout() {
    return Duration.ofMinutes(30);
  }

  @Override
  public Duration heartbeat() {
    return heartbeat;
  }

  @Override
  public void start(StageContext context, String taskToken) {
    send(context, agentType(context.stage().type()), context.attemptId(), parameters(context));
  }

  @Override
  public void rollback(StageContext context, String taskToken) {
    Map<String, String> p = parameters(context);
    p.put("action", "rollback");
    send(context, "rollback", context.attemptId() + "-rollback", p);
  }

  /** The agent's word for a stage type: a deploy is an apply; the others keep their names. */
  static String agentType(String stageType) {
    return stageType.equals("deploy") ? "apply" : stageType;
  }

  private void send(
      StageContext context, String type, String commandId, Map<String, String> parameters) {
    var spec = context.stage().spec();
    ClusterTarget target = (ClusterTarget) spec;
    String cluster = context.text(target.cluster());
    String namespace = context.text(target.namespace());
    var tenant = context.execution().tenant();
    clusters
        .getCluster(tenant, cluster)
        .orElseThrow(
            () ->
                new StageFailedException(
                    "cluster \"" + cluster + "\" does not exist in this tenant"));
    List<Agent> registered =
        clusters.listAgents(tenant, cluster, new PageRequest(10, Optional.empty())).items();
    if (registered.isEmpty()) {
      throw new StageFailedException(
          "cluster \"" + cluster + "\" has no agent; install the agent in that cluster first");
    }
    Agent agent = registered.get(0);
    agents.send(
        new AgentCommand(
            commandId,
            tenant,
            agent.agentId(),
            type,
            namespace,
            blobRef(tenant, parameters.get("manifests")),
            parameters,
            clock.instant()));
  }

  /** Baked manifests travel as a blob reference in the envelope, never inline. */
  private static Optional<dev.gennaker.core.blob.BlobRef> blobRef(
      dev.gennaker.core.tenant.TenantId tenant, String manifests) {
    if (manifests != null && manifests.startsWith("blob:")) {
      return Optional.of(
          new dev.gennaker.core.blob.BlobRef(tenant, manifests.substring("blob:".length())));
    }
    return Optional.empty();
  }

  /** A deploy strategy in the agent's terms (docs/agent-protocol.md). */
  static String agentStrategy(DeploySpec.Strategy strategy) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (strategy instanceof DeploySpec.Canary canary) {
      out.put("type", "canary");
      List<Map<String, Object>> steps = new java.util.ArrayList<>();
      for (DeploySpec.CanaryStep step : canary.steps()) {
        steps.add(
            step.setWeight() != null
                ? Map.of("setWeight", step.setWeight())
                : Map.of("pauseSeconds", step.pause().toSeconds()));
      }
      out.put("steps", steps);
    } else if (strategy instanceof DeploySpec.BlueGreen) {
      out.put("type", "blueGreen");
    } else if (strategy instanceof DeploySpec.Highlander) {
      out.put("type", "highlander");
    } else {
      out.put("type", "rolling");
    }
    return json(out);
  }

  private static Map<String, String> parameters(StageContext context) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("executionId", context.execution().executionId());
    p.put("stageId", context.stage().id());
    p.put("attempt", String.valueOf(context.attempt()));
    p.put("action", "run");
    p.put("tracking.application", context.execution().application());
    p.put("tracking.pipeline", context.execution().pipeline());
    p.put("tracking.execution", context.execution().executionId());
    p.put("tracking.stage", context.stage().id());
    var spec = context.stage().spec();
    if (spec instanceof DeploySpec d) {
      p.put("manifests", context.text(d.manifests()));
      p.put("strategy", agentStrategy(d.strategy()));
      p.put("force", String.valueOf(d.forceConflicts()));
    } else if (spec instanceof PatchSpec d) {
      p.put("kind", d.kind());
      p.put("name", context.text(d.name()));
      p.put("patchType", d.patchType());
      p.put("patch", json(d.patch()));
    } else if (spec instanceof ScaleSpec d) {
      p.put("kind", d.kind());
      p.put("name", context.text(d.name()));
      p.put("replicas", context.text(d.replicas()));
    } else if (spec instanceof UndoRolloutSpec d) {
      p.put("kind", d.kind());
      p.put("name", context.text(d.name()));
      p.put("revisionsBack", String.valueOf(d.revisionsBack()));
    } else if (spec instanceof DeleteSpec d) {
      p.put("kind", d.kind());
      if (d.name() != null) {
        p.put("name", context.text(d.name()));
      }
      if (d.labelSelector() != null) {
        p.put("labelSelector", context.text(d.labelSelector()));
      }
    } else if (spec instanceof RunJobSpec d) {
      Object job = d.manifest() instanceof String s ? context.interpolate(s) : d.manifest();
      p.put(
          "manifests",
          job instanceof String text
              ? text
              : new org.snakeyaml.engine.v2.api.Dump(
                      org.snakeyaml.engine.v2.api.DumpSettings.builder().build())
                  .dumpToString(job));
    } else {
      throw new IllegalStateException("not an agent stage: " + spec.getClass().getSimpleName());
    }
    return p;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new StageFailedException("cannot write the command: " + e.getOriginalMessage());
    }
  }
}
