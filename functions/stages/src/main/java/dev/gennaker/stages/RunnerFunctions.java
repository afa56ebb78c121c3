package dev.gennaker.stages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.aws.sfn.RunnerDefinition;
import dev.gennaker.core.runner.FinishExecution;
import dev.gennaker.core.runner.PlanExecution;
import dev.gennaker.core.runner.RecordStageFailure;
import dev.gennaker.core.runner.RunStage;
import dev.gennaker.core.runner.RunnerServices;
import dev.gennaker.core.tenant.TenantId;

/**
 * The four task functions of {@code pipeline-runner.asl.json}, as JSON-to-JSON calls. Each reads
 * ids from its input (the state machine carries nothing else), makes one use-case call and answers
 * with small JSON. Thread-safe.
 */
public final class RunnerFunctions {
  /** The Lambda function names (per deployment) and the placeholders in the definition. */
  public static final String PLAN = RunnerDefinition.PLAN;

  public static final String RUN_STAGE = RunnerDefinition.RUN_STAGE;
  public static final String RECORD_FAILURE = RunnerDefinition.RECORD_FAILURE;
  public static final String FINISH = RunnerDefinition.FINISH;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PlanExecution plan;
  private final RunStage runStage;
  private final RecordStageFailure recordFailure;
  private final FinishExecution finish;

  public RunnerFunctions(RunnerServices services) {
    this.plan = new PlanExecution(services);
    this.runStage = new RunStage(services);
    this.recordFailure = new RecordStageFailure(services);
    this.finish = new FinishExecution(services);
  }

  public JsonNode plan(JsonNode input) {
    return JSON.valueToTree(plan.plan(tenant(input), text(input, "executionId")));
  }

  /**
   * Runs a stage: the input is a planned stage (inline stages) or the {@code Payload} of a waiting
   * task, which adds {@code taskToken}.
   */
  public JsonNode runStage(JsonNode input) {
    JsonNode token = input.get("taskToken");
    runStage.run(
        tenant(input),
        text(input, "executionId"),
        text(input, "stageId"),
        input.path("attempt").asInt(1),
        token == null || token.isNull() ? null : token.asText());
    return JSON.createObjectNode();
  }

  public JsonNode recordFailure(JsonNode input) {
    recordFailure.record(
        tenant(input),
        text(input, "executionId"),
        text(input, "stageId"),
        input.path("attempt").asInt(1),
        input.path("error").asText(null),
        input.path("cause").asText(null));
    return JSON.createObjectNode();
  }

  public JsonNode finish(JsonNode input) {
    ObjectNode out = JSON.createObjectNode();
    out.put("status", finish.finish(tenant(input), text(input, "executionId")).name());
    return out;
  }

  private static TenantId tenant(JsonNode input) {
    return TenantId.of(text(input, "tenantId"));
  }

  private static String text(JsonNode input, String field) {
    JsonNode value = input.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("the task input has no \"" + field + "\"");
    }
    return value.asText();
  }

  /**
   * The error name a state machine sees for a failure of these functions: {@code
   * Gennaker.Unavailable} for store outages and write conflicts and {@code Gennaker.Retryable} for
   * calls worth repeating (both retried by the definition), {@code Gennaker.StageFailed} for a
   * stage that cannot start, {@code Gennaker.Fault} otherwise.
   */
  public static String errorName(Throwable t) {
    if (t instanceof dev.gennaker.core.store.StoreUnavailableException
        || t instanceof dev.gennaker.core.store.ConflictException) {
      return "Gennaker.Unavailable";
    }
    if (t instanceof dev.gennaker.core.runner.StageExecutor.StageFailedException) {
      return "Gennaker.StageFailed";
    }
    if (t instanceof dev.gennaker.core.runner.StageExecutor.RetryableException) {
      return "Gennaker.Retryable";
    }
    return "Gennaker.Fault";
  }
}
