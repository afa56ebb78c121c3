package dev.gennaker.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.gennaker.core.pipeline.stage.StageType;
import dev.gennaker.core.pipeline.stage.StageTypes;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON Schema (docs/schema/pipeline.schema.json), which editors use to validate and
 * complete pipeline files, agrees with the validator wherever a schema can say something.
 */
class PipelineSchemaTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path SCHEMA_FILE =
      RepoFiles.root().resolve("docs/schema/pipeline.schema.json");
  private static final JsonSchema SCHEMA = load();

  /** Bad files whose mistake a JSON Schema can express; the others need the validator. */
  private static final List<String> SCHEMA_CATCHES =
      List.of(
          "wrong-api-version.yml",
          "missing-required.yml",
          "unknown-fields.yml",
          "wrong-types.yml",
          "bad-names.yml",
          "unknown-stage-type.yml",
          "bad-durations.yml",
          "bad-schedule.yml",
          "bad-globs.yml",
          "parameter-defaults.yml",
          "stage-fields.yml",
          "not-a-pipeline.yml",
          "stage-rules.yml");

  private static JsonSchema load() {
    try {
      JsonNode schema = new ObjectMapper().readTree(SCHEMA_FILE.toFile());
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + SCHEMA_FILE, e);
    }
  }

  static Stream<Path> examples() {
    return RepoFiles.examplePipelines().stream();
  }

  static Stream<Path> schemaCatches() {
    return SCHEMA_CATCHES.stream().map(name -> RepoFiles.badCorpus().resolve(name));
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExample_isValidUnderTheSchema(Path file) throws Exception {
    Set<ValidationMessage> problems = SCHEMA.validate(YAML.readTree(file.toFile()));
    assertThat(problems).as(file.getFileName().toString()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("schemaCatches")
  void badFile_isRejectedByTheSchema(Path file) throws Exception {
    Set<ValidationMessage> problems = SCHEMA.validate(YAML.readTree(file.toFile()));
    assertThat(problems).as(file.getFileName().toString()).isNotEmpty();
  }

  @Test
  void schema_describesExactlyTheRegisteredStageTypesAndTheirFields() {
    JsonNode schema = readSchema();
    JsonNode variants = schema.at("/properties/spec/properties/stages/items/allOf");
    Set<String> kinds = new HashSet<>();
    for (JsonNode variant : variants) {
      String kind = variant.at("/if/properties/type/const").asText();
      kinds.add(kind);
      StageType<?> type = StageTypes.byKind(kind).orElseThrow();
      Set<String> fields = new HashSet<>();
      variant.at("/then/properties/with/properties").fieldNames().forEachRemaining(fields::add);
      assertThat(fields).as("fields of %s", kind).isEqualTo(type.fields());
    }
    assertThat(kinds).containsExactlyInAnyOrderElementsOf(StageTypes.kinds());
    Set<String> enumKinds = new HashSet<>();
    schema
        .at("/properties/spec/properties/stages/items/properties/type/enum")
        .forEach(n -> enumKinds.add(n.asText()));
    assertThat(enumKinds).containsExactlyInAnyOrderElementsOf(StageTypes.kinds());
  }

  private static JsonNode readSchema() {
    try {
      return new ObjectMapper().readTree(SCHEMA_FILE.toFile());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
