package dev.gennaker.core.pipeline;

/** Writes large pipeline files for tests and the validation benchmark. */
public final class LargePipeline {
  private LargePipeline() {}

  /**
   * A pipeline of {@code n} stages: a bake, then deploys in layers of ten, each with a condition
   * and an interpolated reference to the bake's output — every stage has expressions to check.
   */
  public static String of(int n) {
    StringBuilder y = new StringBuilder();
    y.append("apiVersion: gennaker.dev/v1\nkind: Pipeline\n");
    y.append("metadata:\n  name: big\n  application: big\n");
    y.append("spec:\n  parameters:\n    - name: region\n      default: eu\n  stages:\n");
    y.append("    - id: s0\n      type: bakeManifests\n      with:\n        source: deploy\n");
    for (int i = 1; i < n; i++) {
      y.append("    - id: s").append(i).append('\n');
      y.append("      type: deploy\n");
      y.append("      dependsOn: [s").append(Math.max(0, i - 10)).append("]\n");
      y.append("      when: \"parameters.region == 'eu' && trigger.branch != 'x")
          .append(i)
          .append("'\"\n");
      y.append("      with:\n        cluster: c").append(i % 7).append('\n');
      y.append("        namespace: ns\n");
      y.append("        manifests: \"${stages.s0.outputs.manifests}\"\n");
    }
    return y.toString();
  }

  /** {@code java LargePipeline N FILE}: writes a pipeline of N stages, for benchmarks. */
  public static void main(String[] args) throws Exception {
    java.nio.file.Files.writeString(java.nio.file.Path.of(args[1]), of(Integer.parseInt(args[0])));
  }
}
