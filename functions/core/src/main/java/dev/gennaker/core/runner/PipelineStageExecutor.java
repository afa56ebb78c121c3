package dev.gennaker.core.runner;

import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.Trigger;
import dev.gennaker.core.pipeline.Stage;
import dev.gennaker.core.pipeline.stage.PipelineStageSpec;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PipelineVersion;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code pipeline}: starts another pipeline of the tenant as a child execution, with the parent's
 * artifacts, and either ends at once ({@code wait: false}) or waits for the child's end (the
 * child's Finish completes this stage). The child's id is derived from this stage attempt, so a
 * retried start starts one child, not two.
 */
final class PipelineStageExecutor implements StageExecutor {
  static final String PARENT_EXECUTION = "parentExecutionId";
  static final String PARENT_STAGE = "parentStageId";
  static final String PARENT_ATTEMPT = "parentAttempt";
  static final String PARENT_WAITS = "parentWaits";

  @Override
  public Waiting waiting() {
    return Waiting.TOKEN;
  }

  @Override
  public Waiting waiting(Stage stage) {
    return ((PipelineStageSpec) stage.spec()).waitForEnd() ? Waiting.TOKEN : Waiting.NONE;
  }

  @Override
  public Duration defaultTimeout() {
    return Duration.ofHours(24);
  }

  @Override
  public StageOutcome run(StageContext context) {
    Execution child = startChild(context, false);
    return new StageOutcome.Succeeded(
        Map.of("executionId", child.executionId(), "status", "started"));
  }

  @Override
  public void start(StageContext context, String taskToken) {
    startChild(context, true);
  }

  private Execution startChild(StageContext context, boolean parentWaits) {
    var spec = (PipelineStageSpec) context.stage().spec();
    Execution parent = context.execution();
    String name = context.text(spec.pipeline());
    String application = applicationOf(context, name);
    Map<String, String> parameters = new LinkedHashMap<>();
    spec.parameters()
        .forEach(
            (k, v) ->
                parameters.put(
                    k, String.valueOf(v instanceof String s ? context.interpolate(s) : v)));
    Map<String, String> details = new LinkedHashMap<>(parent.trigger().details());
    details.put(PARENT_EXECUTION, parent.executionId());
    details.put(PARENT_STAGE, context.stage().id());
    details.put(PARENT_ATTEMPT, String.valueOf(context.attempt()));
    details.put(PARENT_WAITS, String.valueOf(parentWaits));
    details.put("pipeline", parent.pipeline());
    try {
      return new StartExecution(context.services())
          .start(
              parent.tenant(),
              application,
              name,
              new Trigger("pipeline", parent.trigger().actor(), details),
              parameters,
              parent.artifacts(),
              context.attemptId());
    } catch (NotFoundException e) {
      throw new StageFailedException("pipeline \"" + name + "\" does not exist in this tenant");
    } catch (StartExecution.InvalidParametersException e) {
      throw new StageFailedException(
          "cannot start pipeline \"" + name + "\": " + String.join("; ", e.problems()));
    }
  }

  /** The application of a pipeline name: the parent's own first, then any of the tenant's. */
  private static String applicationOf(StageContext context, String name) {
    var store = context.services().pipelines().store();
    var tenant = context.execution().tenant();
    if (store.latest(tenant, context.execution().application(), name).isPresent()) {
      return context.execution().application();
    }
    Optional<String> token = Optional.empty();
    do {
      Page<PipelineVersion> page = store.listPipelines(tenant, new PageRequest(100, token));
      for (PipelineVersion v : page.items()) {
        if (v.pipeline().equals(name)) {
          return v.application();
        }
      }
      token = page.nextToken();
    } while (token.isPresent());
    throw new StageFailedException("pipeline \"" + name + "\" does not exist in this tenant");
  }

  /** Called when any execution ends: completes the waiting parent stage of a child. */
  static void childEnded(RunnerServices s, Execution child) {
    var details = child.trigger().details();
    if (!"pipeline".equals(child.trigger().type())
        || !"true".equals(details.get(PARENT_WAITS))
        || details.get(PARENT_EXECUTION) == null) {
      return;
    }
    StageOutcome outcome =
        switch (child.status()) {
          case SUCCEEDED ->
              new StageOutcome.Succeeded(
                  Map.of("executionId", child.executionId(), "status", "succeeded"));
          default ->
              new StageOutcome.Failed(
                  "child pipeline "
                      + child.pipeline()
                      + " ("
                      + child.executionId()
                      + ") ended "
                      + child.status().name().toLowerCase());
        };
    new CompleteStage(s)
        .complete(
            child.tenant(),
            details.get(PARENT_EXECUTION),
            details.get(PARENT_STAGE),
            Integer.parseInt(details.getOrDefault(PARENT_ATTEMPT, "1")),
            outcome);
  }
}
