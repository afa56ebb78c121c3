package dev.gennaker.core.runner;

import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.pipeline.Pipeline;
import dev.gennaker.core.pipeline.Stage;
import dev.gennaker.core.pipeline.expr.ExpressionContext;
import dev.gennaker.core.pipeline.expr.ExpressionEngine;
import java.time.Instant;

/**
 * Everything a stage executor may read about the stage it runs: the execution, the pipeline version
 * it runs, the stage, its attempt, and the expressions' values at this moment.
 */
public record StageContext(
    RunnerServices services,
    Execution execution,
    Pipeline pipeline,
    Stage stage,
    int attempt,
    ExpressionEngine expressions,
    ExpressionContext values,
    Instant now) {

  /** Interpolates {@code ${...}} in a field of the stage's spec. */
  public Object interpolate(String template) {
    return template == null ? null : expressions.interpolate(template, values);
  }

  /** Interpolates a field that must be text. */
  public String text(String template) {
    Object value = interpolate(template);
    return value == null ? null : String.valueOf(value);
  }

  /** A stable id for this attempt of this stage, e.g. for agent commands. */
  public String attemptId() {
    return execution.executionId() + "-" + stage.id() + "-" + attempt;
  }

  /** Interpolates every string inside maps and lists (values, request bodies). */
  public Object interpolateTree(Object value) {
    if (value instanceof String s) {
      return interpolate(s);
    }
    if (value instanceof java.util.Map<?, ?> m) {
      java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), interpolateTree(v)));
      return out;
    }
    if (value instanceof java.util.List<?> l) {
      return l.stream().map(this::interpolateTree).toList();
    }
    return value;
  }
}
