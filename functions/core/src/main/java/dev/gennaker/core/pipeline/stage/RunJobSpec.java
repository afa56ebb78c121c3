package dev.gennaker.core.pipeline.stage;

import dev.gennaker.core.yaml.YamlNode;
import java.util.Map;
import java.util.Set;

/**
 * {@code runJob}: creates a Job, waits for it to end and returns its status and the last lines of
 * its logs.
 *
 * @param manifest the Job, written inline as a mapping, or an expression giving one
 */
public record RunJobSpec(String cluster, String namespace, Object manifest)
    implements StageSpec, ClusterTarget {

  /** The stage type. */
  public static final class Type implements StageType<RunJobSpec> {
    @Override
    public String kind() {
      return "runJob";
    }

    @Override
    public Class<RunJobSpec> specType() {
      return RunJobSpec.class;
    }

    @Override
    public Set<String> fields() {
      return Set.of("cluster", "namespace", "manifest");
    }

    @Override
    public Set<String> outputs() {
      return Set.of("status", "logTail");
    }

    @Override
    public RunJobSpec read(SpecReader with) {
      YamlNode node = with.fields().required("manifest");
      Object manifest = node == null ? null : node.toJava();
      if (manifest instanceof Map<?, ?> job) {
        if (!"Job".equals(job.get("kind"))) {
          with.diagnostics()
              .error(node, "\"manifest\" must be a Job (kind: Job), found kind " + job.get("kind"));
        }
      } else if (manifest != null && !(manifest instanceof String s && SpecReader.isTemplate(s))) {
        with.diagnostics()
            .error(node, "\"manifest\" must be a Job manifest (a mapping) or a ${...} expression");
      }
      return new RunJobSpec(with.cluster(), with.namespace(true), manifest);
    }
  }
}
