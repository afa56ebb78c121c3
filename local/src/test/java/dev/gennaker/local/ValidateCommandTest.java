package dev.gennaker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
  private static final Path REPO =
      Path.of(System.getProperty("gennaker.repo", "..")).toAbsolutePath();
  private static final Path EXAMPLES = REPO.resolve("examples/pipelines");
  private static final Path BAD = REPO.resolve("functions/core/src/test/resources/pipelines/bad");

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = GennakerCommand.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void validFiles_exitZero_withOneSummaryLineEach() {
    int code = run("validate", EXAMPLES.resolve("simple.yml").toString(), EXAMPLES.toString());
    assertThat(code).isZero();
    assertThat(out.toString().lines())
        .hasSize(1 + (int) count(EXAMPLES))
        .first()
        .asString()
        .endsWith(
            "simple.yml: ok: pipeline \"hello-deploy\" of application \"hello\", 2 stages, 1 trigger");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void invalidFile_exitsOne_withEveryErrorCompilerStyle_andACount() {
    Path file = BAD.resolve("unknown-dependency.yml");
    int code = run("validate", file.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().lines())
        .containsExactly(
            file
                + ":14:19: error: stage \"prod\" depends on unknown stage \"aprove\" (did you mean"
                + " \"approve\"?) [at spec.stages[1].dependsOn[0]]",
            "1 error in 1 file");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void mixOfValidAndInvalid_exitsOne_andStillReportsTheValidOnes() {
    int code =
        run(
            "validate",
            EXAMPLES.resolve("simple.yml").toString(),
            BAD.resolve("cycle.yml").toString());
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("simple.yml: ok:");
    assertThat(err.toString()).contains("dependency cycle").contains("2 errors in 1 file");
  }

  @Test
  void missingFile_isAUsageError() {
    assertThat(run("validate", "no/such/pipeline.yml")).isEqualTo(2);
    assertThat(err.toString()).contains("no/such/pipeline.yml: no such file");
  }

  @Test
  void noFile_isAUsageError() {
    assertThat(run("validate")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required parameter");
  }

  @Test
  void directoryWithoutPipelineFiles_isAUsageError(@TempDir Path empty) {
    assertThat(run("validate", empty.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no pipeline files");
  }

  @Test
  void jsonOutput_listsErrorsWithPositionsForScripts() throws Exception {
    int code = run("validate", "--output", "json", BAD.resolve("cycle.yml").toString());
    assertThat(code).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json).hasSize(1);
    assertThat(json.get(0).get("valid").asBoolean()).isFalse();
    JsonNode first = json.get(0).get("errors").get(0);
    assertThat(first.get("line").asInt()).isEqualTo(10);
    assertThat(first.get("column").asInt()).isEqualTo(18);
    assertThat(first.get("path").asText()).isEqualTo("spec.stages[0].dependsOn");
    assertThat(first.get("message").asText()).startsWith("dependency cycle: build -> verify");
  }

  @Test
  void nonUtf8File_isReportedNotThrown(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latin1.yml");
    Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
    assertThat(run("validate", file.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("latin1.yml:1:1: error: the file is not UTF-8 text");
  }

  private static long count(Path dir) {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yml")).count();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
