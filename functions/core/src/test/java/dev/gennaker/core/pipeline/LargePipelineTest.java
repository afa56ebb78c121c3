package dev.gennaker.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LargePipelineTest {

  /** A pipeline of {@code n} stages: a bake, then deploys fanning out in layers of ten. */
  static String pipelineOf(int n) {
    StringBuilder y = new StringBuilder();
    y.append("apiVersion: gennaker.dev/v1\nkind: Pipeline\n");
    y.append("metadata:\n  name: big\n  application: big\n");
    y.append("spec:\n  parameters:\n    - name: region\n      default: eu\n  stages:\n");
    y.append("    - id: s0\n      type: bakeManifests\n      with:\n        source: deploy\n");
    for (int i = 1; i < n; i++) {
      int dep = Math.max(0, i - 10);
      y.append("    - id: s").append(i).append('\n');
      y.append("      type: deploy\n");
      y.append("      dependsOn: [s").append(dep).append("]\n");
      y.append("      when: \"parameters.region == 'eu' && trigger.branch != 'x")
          .append(i)
          .append("'\"\n");
      y.append("      with:\n        cluster: c").append(i % 7).append('\n');
      y.append("        namespace: ns\n");
      y.append("        manifests: \"${stages.s0.outputs.manifests}\"\n");
    }
    return y.toString();
  }

  @Test
  void aThousandStagePipeline_validates() {
    ValidationResult result = new PipelineReader().read(pipelineOf(1000));
    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.get().stages()).hasSize(1000);
  }

  @Test
  void aThousandStageChainWithACycle_isReportedWithoutOverflowingTheStack() {
    String text =
        pipelineOf(1000)
            .replaceFirst(
                "- id: s1\n      type: deploy\n      dependsOn: \\[s0\\]",
                "- id: s1\n      type: deploy\n      dependsOn: [s991]");
    ValidationResult result = new PipelineReader().read(text);
    assertThat(result.diagnostics())
        .anySatisfy(
            d -> assertThat(d.message()).startsWith("dependency cycle: s1 -> s991 -> s981"));
  }
}
