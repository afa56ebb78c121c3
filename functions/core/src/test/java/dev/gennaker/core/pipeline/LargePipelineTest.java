package dev.gennaker.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LargePipelineTest {

  @Test
  void aThousandStagePipeline_validates() {
    ValidationResult result = new PipelineReader().read(LargePipeline.of(1000));
    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.get().stages()).hasSize(1000);
  }

  @Test
  void aThousandStageChainWithACycle_isReportedWithoutOverflowingTheStack() {
    String text =
        LargePipeline.of(1000)
            .replaceFirst(
                "- id: s1\n      type: deploy\n      dependsOn: \\[s0\\]",
                "- id: s1\n      type: deploy\n      dependsOn: [s991]");
    ValidationResult result = new PipelineReader().read(text);
    assertThat(result.diagnostics())
        .anySatisfy(
            d -> assertThat(d.message()).startsWith("dependency cycle: s1 -> s991 -> s981"));
  }
}
