package dev.gennaker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.pipeline.LargePipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, run as written: {@code ./gennaker validate examples/pipelines/*.yml}.
 */
class ValidateCliIT {

  @Test
  void readmeCommand_validatesTheExamples() throws Exception {
    String readme = Files.readString(Gennaker.REPO.resolve("README.md"));
    assertThat(readme).contains("./gennaker validate examples/pipelines/*.yml");
    try (var files = Files.list(Gennaker.REPO.resolve("examples/pipelines"))) {
      String[] args =
          java.util.stream.Stream.concat(
                  java.util.stream.Stream.of("validate"),
                  files
                      .filter(p -> p.toString().endsWith(".yml"))
                      .sorted()
                      .map(p -> Gennaker.REPO.relativize(p).toString()))
              .toArray(String[]::new);
      Gennaker.Result result = Gennaker.run(args);
      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out().lines()).hasSize(args.length - 1).allMatch(l -> l.contains(": ok: "));
      assertThat(result.err()).isEmpty();
    }
  }

  @Test
  void badFile_givesCompilerStyleErrors_andExitCodeOne() throws Exception {
    Gennaker.Result result =
        Gennaker.run(
            "validate", "functions/core/src/test/resources/pipelines/bad/unknown-stage-type.yml");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains(
            "unknown-stage-type.yml:9:13: error: unknown stage type \"deploi\" (did you mean"
                + " \"deploy\"?)")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void missingFile_exitsTwo() throws Exception {
    Gennaker.Result result = Gennaker.run("validate", "nope.yml");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("nope.yml: no such file");
  }

  @Test
  void aThousandStageFile_validates(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("big.yml");
    Files.writeString(file, LargePipeline.of(1000));
    Gennaker.Result result = Gennaker.run("validate", file.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("1000 stages");
  }
}
