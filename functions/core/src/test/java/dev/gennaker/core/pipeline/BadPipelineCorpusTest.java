package dev.gennaker.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each file of {@code src/test/resources/pipelines/bad} is one kind of mistake; the {@code .errors}
 * file beside it holds the exact messages, lines and columns users must get.
 */
class BadPipelineCorpusTest {
  private final PipelineReader reader = new PipelineReader();

  static Stream<Path> corpus() {
    return RepoFiles.list(RepoFiles.badCorpus(), ".yml").stream();
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void badFile_getsExactlyTheExpectedErrors(Path file) throws Exception {
    String name = file.getFileName().toString();
    Path expected = file.resolveSibling(name.replace(".yml", ".errors"));
    List<String> expectedLines =
        Files.readAllLines(expected).stream().filter(l -> !l.isBlank()).toList();
    ValidationResult result = reader.read(RepoFiles.read(file));
    assertThat(result.valid()).isFalse();
    assertThat(result.pipeline()).isEmpty();
    assertThat(result.format(name)).containsExactlyElementsOf(expectedLines);
  }

  @Test
  void everyCorpusFile_hasItsExpectedErrors() {
    for (Path file : corpus().toList()) {
      assertThat(file.resolveSibling(file.getFileName().toString().replace(".yml", ".errors")))
          .exists();
    }
  }

  @Test
  void theCorpus_coversEveryKindOfMistakeTheIssueNames() {
    String all =
        corpus()
            .map(f -> f.resolveSibling(f.getFileName().toString().replace(".yml", ".errors")))
            .map(RepoFiles::read)
            .reduce("", String::concat);
    assertThat(all)
        .contains("malformed YAML")
        .contains("unsupported apiVersion")
        .contains("kind must be \"Pipeline\"")
        .contains("missing required field")
        .contains("unknown field \"dependOn\" (did you mean \"dependsOn\"?)")
        .contains("must be an integer, found the string")
        .contains("must be a stage id")
        .contains("duplicate stage id")
        .contains("depends on unknown stage \"aprove\" (did you mean \"approve\"?)")
        .contains("dependency cycle: build -> verify -> test -> build")
        .contains("unknown stage type \"deploi\" (did you mean \"deploy\"?)")
        .contains("is not a duration")
        .contains("invalid cron expression")
        .contains("unknown time zone")
        .contains("invalid pattern")
        .contains("the default of parameter")
        .contains("unknown variable \"parameter\"")
        .contains("which is not upstream of stage")
        .contains("must be a boolean expression");
  }
}
