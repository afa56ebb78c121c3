package dev.gennaker.core.runner;

import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.ExecutionStore;
import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.execution.TimelineEvent;
import dev.gennaker.core.pipeline.Parameter;
import dev.gennaker.core.pipeline.Pipeline;
import dev.gennaker.core.pipeline.StageStatus;
import dev.gennaker.core.pipeline.expr.ExpressionContext;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** An execution with its stage records as read at one moment, and the writes the runner makes. */
final class ExecutionView {
  final Execution execution;
  final Pipeline pipeline;
  final Map<String, StageRecord> records;

  private ExecutionView(Execution execution, Pipeline pipeline, Map<String, StageRecord> records) {
    this.execution = execution;
    this.pipeline = pipeline;
    this.records = records;
  }

  static ExecutionView load(RunnerServices s, TenantId tenant, String executionId) {
    Execution execution =
        s.executions()
            .get(tenant, executionId)
            .orElseThrow(() -> new NotFoundException("execution " + executionId));
    Pipeline pipeline =
        s.pipelines()
            .pipeline(
                tenant, execution.application(), execution.pipeline(), execution.pipelineVersion());
    return new ExecutionView(execution, pipeline, records(s.executions(), tenant, executionId));
  }

  static Map<String, StageRecord> records(
      ExecutionStore store, TenantId tenant, String executionId) {
    Map<String, StageRecord> out = new HashMap<>();
    Optional<String> token = Optional.empty();
    do {
      Page<StageRecord> page = store.listStages(tenant, executionId, new PageRequest(100, token));
      page.items().forEach(r -> out.put(r.stageId(), r));
      token = page.nextToken();
    } while (token.isPresent());
    return out;
  }

  StageStatus status(String stageId) {
    StageRecord r = records.get(stageId);
    return r == null ? StageStatus.NOT_STARTED : r.status();
  }

  Map<String, StageStatus> statuses() {
    Map<String, StageStatus> out = new HashMap<>();
    records.forEach((id, r) -> out.put(id, r.status()));
    return out;
  }

  /** The values expressions see now. */
  ExpressionContext expressionContext() {
    // Typed as expressions expect: changed paths a list, the pull request a number.
    Map<String, Object> trigger =
        new LinkedHashMap<>(
            dev.gennaker.core.trigger.TriggerContext.expressionFields(execution.trigger()));
    trigger.put("type", execution.trigger().type());
    trigger.putIfAbsent("user", execution.trigger().actor());
    Map<String, Object> parameters = new LinkedHashMap<>();
    for (Parameter p : pipeline.parameters()) {
      String given = execution.parameters().get(p.name());
      parameters.put(p.name(), given == null ? p.defaultValue() : typed(p.type(), given));
    }
    Map<String, ExpressionContext.StageView> stages = new HashMap<>();
    records.forEach(
        (id, r) ->
            stages.put(
                id,
                new ExpressionContext.StageView(
                    r.status().name().toLowerCase(Locale.ROOT), new HashMap<>(r.outputs()))));
    Map<String, Object> exec = new LinkedHashMap<>();
    exec.put("id", execution.executionId());
    exec.put("pipeline", execution.pipeline());
    exec.put("application", execution.application());
    exec.put("startedAt", execution.startedAt().map(Instant::toString).orElse(""));
    return new ExpressionContext(
        trigger, parameters, stages, exec, Map.of("id", execution.tenant().value()));
  }

  private static Object typed(Parameter.Type type, String value) {
    return switch (type) {
      case STRING -> value;
      case NUMBER -> Double.valueOf(value);
      case BOOLEAN -> Boolean.valueOf(value);
    };
  }

  static void event(
      RunnerServices s, Execution e, String type, String stageId, String message, Instant at) {
    s.executions()
        .appendEvent(
            new TimelineEvent(
                e.tenant(),
                e.executionId(),
                // Deterministic ids make a retried task's event land once.
                UUID.nameUUIDFromBytes(
                        (e.executionId() + "/" + type + "/" + stageId + "/" + message)
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .toString(),
                at,
                type,
                Optional.ofNullable(stageId),
                message.length() > 4000 ? message.substring(0, 4000) + "…" : message));
  }

  static StageRecord ended(
      StageRecord r, StageStatus status, Map<String, String> outputs, String error, Instant at) {
    return new StageRecord(
        r.tenant(),
        r.executionId(),
        r.stageId(),
        r.type(),
        status,
        r.attempts(),
        outputs,
        Optional.ofNullable(error),
        r.startedAt().isPresent() ? r.startedAt() : Optional.of(at),
        Optional.of(at),
        r.version());
  }

  static List<String> lower(List<String> values) {
    return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
  }
}
