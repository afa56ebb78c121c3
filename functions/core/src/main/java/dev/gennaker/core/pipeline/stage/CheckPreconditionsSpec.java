package dev.gennaker.core.pipeline.stage;

import dev.gennaker.core.yaml.Fields;
import java.util.List;
import java.util.Set;

/** {@code checkPreconditions}: fails the stage when any expression is false. */
public record CheckPreconditionsSpec(List<Precondition> expressions) implements StageSpec {

  /**
   * @param expression a CEL boolean expression
   * @param message what the failure says when it is false
   */
  public record Precondition(String expression, String message) {}

  /** The stage type. */
  public static final class Type implements StageType<CheckPreconditionsSpec> {
    @Override
    public String kind() {
      return "checkPreconditions";
    }

    @Override
    public Class<CheckPreconditionsSpec> specType() {
      return CheckPreconditionsSpec.class;
    }

    @Override
    public Set<String> fields() {
      return Set.of("expressions");
    }

    @Override
    public Set<String> outputs() {
      return Set.of();
    }

    @Override
    public CheckPreconditionsSpec read(SpecReader with) {
      var f = with.fields();
      var d = with.diagnostics();
      if (f.required("expressions") == null) {
        return new CheckPreconditionsSpec(List.of());
      }
      List<Precondition> list =
          f.list(
              "expressions",
              node ->
                  Fields.of(node, d, "a precondition", Set.of("expression", "message"))
                      .map(
                          p -> {
                            var reader = new SpecReader(p, with.booleanExpressionSink());
                            return new Precondition(
                                reader.booleanExpression("expression"),
                                p.string("message", "precondition failed"));
                          })
                      .orElse(null));
      if (list.isEmpty()
          && f.node("expressions") instanceof dev.gennaker.core.yaml.YamlNode.Sequence) {
        d.error(f.node("expressions"), "\"expressions\" must list at least one precondition");
      }
      return new CheckPreconditionsSpec(list);
    }
  }
}
