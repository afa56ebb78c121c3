package dev.gennaker.core.pipeline.stage;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bakeManifests}: renders a folder of YAML manifests or a Helm chart with values and the
 * execution's artifacts, versions ConfigMaps and Secrets, and stores the result.
 *
 * @param source a folder of the repository holding manifests or a Helm chart
 * @param values values for the templates (may hold expressions)
 * @param valueFiles value files of the repository, applied in order before {@code values}
 * @param namespace the namespace given to objects that name none
 * @param releaseName the Helm release name (the pipeline's application when absent)
 */
public record BakeManifestsSpec(
    String source,
    Map<String, Object> values,
    List<String> valueFiles,
    String namespace,
    String releaseName)
    implements StageSpec {

  /** The stage type. */
  public static final class Type implements StageType<BakeManifestsSpec> {
    @Override
    public String kind() {
      return "bakeManifests";
    }

    @Override
    public Class<BakeManifestsSpec> specType() {
      return BakeManifestsSpec.class;
    }

    @Override
    public Set<String> fields() {
      return Set.of("source", "values", "valueFiles", "namespace", "releaseName");
    }

    @Override
    public Set<String> outputs() {
      return Set.of("manifests", "configVersions");
    }

    @Override
    @SuppressWarnings("unchecked")
    public BakeManifestsSpec read(SpecReader with) {
      var f = with.fields();
      String source = f.requiredString("source");
      Object values = f.value("values");
      if (values != null && !(values instanceof Map)) {
        with.diagnostics().error(f.node("values"), "\"values\" must be a mapping");
        values = null;
      }
      return new BakeManifestsSpec(
          source,
          values == null ? Map.of() : (Map<String, Object>) values,
          f.strings("valueFiles"),
          with.namespace(false),
          with.id("releaseName", false, "a Helm release name"));
    }
  }
}
