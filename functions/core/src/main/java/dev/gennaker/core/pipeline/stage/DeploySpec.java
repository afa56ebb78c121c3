package dev.gennaker.core.pipeline.stage;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.gennaker.core.yaml.Fields;
import dev.gennaker.core.yaml.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code deploy}: applies manifests to a cluster through its agent and waits until they are stable.
 *
 * @param cluster the target cluster's stable id
 * @param manifests the manifests to apply, usually {@code ${stages.<bake>.outputs.manifests}}
 * @param strategy how the new version replaces the running one
 * @param forceConflicts take over fields another manager owns (server-side apply force)
 */
public record DeploySpec(
    String cluster, String namespace, String manifests, Strategy strategy, boolean forceConflicts)
    implements StageSpec, ClusterTarget {

  /** How a deploy replaces what runs. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Rolling.class, name = "rolling"),
    @JsonSubTypes.Type(value = BlueGreen.class, name = "blueGreen"),
    @JsonSubTypes.Type(value = Highlander.class, name = "highlander"),
    @JsonSubTypes.Type(value = Canary.class, name = "canary")
  })
  public sealed interface Strategy permits Rolling, BlueGreen, Highlander, Canary {}

  /** Kubernetes' own rolling update. The default. */
  public record Rolling() implements Strategy {}

  /** A new version next to the old one; traffic switches when it is ready. */
  public record BlueGreen() implements Strategy {}

  /** The new version, then older versions of the same workload deleted. */
  public record Highlander() implements Strategy {}

  /** Traffic shifted in steps. */
  public record Canary(List<CanaryStep> steps) implements Strategy {
    public Canary {
      steps = List.copyOf(steps);
    }
  }

  /** One canary step: either a weight (percent of replicas) or a pause. */
  public record CanaryStep(Integer setWeight, Duration pause) {}

  static final List<String> STRATEGIES = List.of("rolling", "blueGreen", "highlander", "canary");

  /** The stage type. */
  public static final class Type implements StageType<DeploySpec> {
    @Override
    public String kind() {
      return "deploy";
    }

    @Override
    public Class<DeploySpec> specType() {
      return DeploySpec.class;
    }

    @Override
    public Set<String> fields() {
      return Set.of("cluster", "namespace", "manifests", "strategy", "forceConflicts");
    }

    @Override
    public Set<String> outputs() {
      return Set.of("objects", "revision");
    }

    @Override
    public DeploySpec read(SpecReader with) {
      var f = with.fields();
      return new DeploySpec(
          with.cluster(),
          with.namespace(true),
          f.requiredString("manifests"),
          strategy(with),
          f.bool("forceConflicts", false));
    }

    private static Strategy strategy(SpecReader with) {
      YamlNode node = with.fields().node("strategy");
      if (node == null || node instanceof YamlNode.Scalar s && s.value() == null) {
        return new Rolling();
      }
      if (node instanceof YamlNode.Scalar) {
        String name = with.choice("strategy", STRATEGIES, "rolling");
        return switch (name) {
          case "blueGreen" -> new BlueGreen();
          case "highlander" -> new Highlander();
          case "canary" -> {
            with.diagnostics()
                .error(node, "the canary strategy needs steps: strategy: {canary: {steps: [...]}}");
            yield new Rolling();
          }
          default -> new Rolling();
        };
      }
      var diagnostics = with.diagnostics();
      if (!(node instanceof YamlNode.Mapping m) || m.entries().size() != 1) {
        diagnostics.error(
            node,
            "\"strategy\" must be one of "
                + String.join(", ", STRATEGIES)
                + ", or a mapping with exactly one of them as its key");
        return new Rolling();
      }
      var only = m.entries().entrySet().iterator().next();
      String name = only.getKey().name();
      YamlNode value = only.getValue();
      var options =
          value instanceof YamlNode.Scalar s && s.value() == null
              ? java.util.Optional.<Fields>empty()
              : Fields.of(value, diagnostics, "strategy \"" + name + "\"", opts(name));
      switch (name) {
        case "rolling":
          return new Rolling();
        case "blueGreen":
          return new BlueGreen();
        case "highlander":
          return new Highlander();
        case "canary":
          if (options.isEmpty()) {
            diagnostics.error(value, "the canary strategy needs steps");
            return new Rolling();
          }
          return new Canary(steps(options.get(), diagnostics));
        default:
          diagnostics.error(
              only.getKey().position(),
              only.getValue().path(),
              "unknown strategy \""
                  + name
                  + "\"; use one of "
                  + String.join(", ", STRATEGIES)
                  + dev.gennaker.core.yaml.Suggestions.didYouMean(name, STRATEGIES));
          return new Rolling();
      }
    }

    private static Set<String> opts(String name) {
      return name.equals("canary") ? Set.of("steps") : Set.of();
    }

    private static List<CanaryStep> steps(Fields canary, dev.gennaker.core.yaml.Diagnostics d) {
      if (canary.required("steps") == null) {
        return List.of();
      }
      List<CanaryStep> steps = new ArrayList<>();
      canary.list(
          "steps",
          item -> {
            Fields.of(item, d, "a canary step", Set.of("setWeight", "pause"))
                .ifPresent(
                    step -> {
                      if (step.has("setWeight") == step.has("pause")) {
                        d.error(item, "a canary step has exactly one of setWeight or pause");
                        return;
                      }
                      if (step.has("setWeight")) {
                        Long w = step.integer("setWeight", 0, 100);
                        steps.add(new CanaryStep(w == null ? null : w.intValue(), null));
                      } else {
                        String text = step.string("pause");
                        Duration pause =
                            text == null
                                ? null
                                : SpecReader.parseDuration(step.node("pause"), "pause", text, d);
                        steps.add(new CanaryStep(null, pause));
                      }
                    });
            return null;
          });
      if (steps.isEmpty()) {
        d.error(canary.mapping(), "a canary strategy needs at least one step");
      }
      return steps;
    }
  }
}
