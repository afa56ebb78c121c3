package dev.gennaker.core.pipeline.expr;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values expressions see while an execution runs. Missing trigger, execution and tenant fields
 * read as empty values rather than failing, so {@code trigger.tag == ''} is true for a branch push.
 *
 * @param trigger what started the execution (see {@link ExpressionEngine#TRIGGER_FIELDS})
 * @param parameters the execution's parameters, defaults applied
 * @param stages per stage id: its {@code status} (lowercase) and {@code outputs}
 * @param execution {@code id}, {@code pipeline}, {@code application}, {@code startedAt}
 * @param tenant {@code id}, {@code name}
 */
public record ExpressionContext(
    Map<String, Object> trigger,
    Map<String, Object> parameters,
    Map<String, StageView> stages,
    Map<String, Object> execution,
    Map<String, Object> tenant) {

  /** What an expression sees of one stage. */
  public record StageView(String status, Map<String, Object> outputs) {}

  public static ExpressionContext empty() {
    return new ExpressionContext(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
  }

  /** The CEL activation: every declared field present, numbers normalised to CEL's types. */
  Map<String, Object> activation() {
    Map<String, Object> out = new HashMap<>();
    out.put("trigger", filled(trigger, ExpressionEngine.TRIGGER_FIELDS));
    out.put("execution", filled(execution, ExpressionEngine.EXECUTION_FIELDS));
    out.put("tenant", filled(tenant, ExpressionEngine.TENANT_FIELDS));
    out.put("parameters", normalise(parameters));
    Map<String, Object> stageMap = new HashMap<>();
    stages.forEach(
        (id, view) ->
            stageMap.put(
                id,
                Map.of(
                    "status",
                    view.status() == null ? "" : view.status(),
                    "outputs",
                    normalise(view.outputs() == null ? Map.of() : view.outputs()))));
    out.put("stages", stageMap);
    return out;
  }

  private static Map<String, Object> filled(
      Map<String, Object> values, Map<String, ExpressionEngine.FieldType> fields) {
    Map<String, Object> out = new LinkedHashMap<>();
    fields.forEach(
        (name, type) -> {
          Object v = values == null ? null : values.get(name);
          out.put(name, v == null ? type.empty() : normaliseValue(v));
        });
    return out;
  }

  @SuppressWarnings("unchecked")
  static Object normaliseValue(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof Map<?, ?> m) {
      return normalise((Map<String, Object>) m);
    }
    if (v instanceof List<?> l) {
      return l.stream().map(ExpressionContext::normaliseValue).toList();
    }
    return v;
  }

  private static Map<String, Object> normalise(Map<String, Object> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, v == null ? "" : normaliseValue(v)));
    return out;
  }
}
