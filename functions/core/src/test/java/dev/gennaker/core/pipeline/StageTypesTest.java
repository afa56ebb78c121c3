package dev.gennaker.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.gennaker.core.pipeline.stage.StageSpec;
import dev.gennaker.core.pipeline.stage.StageType;
import dev.gennaker.core.pipeline.stage.StageTypes;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Walks the stage type registry: the one place a stage type is added. */
class StageTypesTest {
  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

  @Test
  void kinds_areUnique_andEachSpecRecordHasOneType() {
    Set<String> kinds = new HashSet<>();
    Set<Class<?>> specs = new HashSet<>();
    for (StageType<?> type : StageTypes.all()) {
      assertThat(kinds.add(type.kind())).as("kind %s is unique", type.kind()).isTrue();
      assertThat(specs.add(type.specType())).as("spec %s", type.specType()).isTrue();
      assertThat(type.specType().isRecord()).isTrue();
      assertThat(type.fields()).isNotEmpty();
    }
    assertThat(specs).containsExactlyInAnyOrder(StageSpec.class.getPermittedSubclasses());
  }

  @Test
  void everyStageType_appearsInTheEveryStageTypeExample() {
    Pipeline p = everyStageType();
    Set<String> used = p.stages().stream().map(Stage::type).collect(Collectors.toSet());
    assertThat(used).containsExactlyInAnyOrderElementsOf(StageTypes.kinds());
  }

  @Test
  void everySpec_roundTripsThroughJson() throws Exception {
    for (Stage stage : everyStageType().stages()) {
      StageType<?> type = StageTypes.byKind(stage.type()).orElseThrow();
      String text = json.writeValueAsString(stage.spec());
      Object back = json.readValue(text, type.specType());
      assertThat(back).as("%s via %s", stage.id(), text).isEqualTo(stage.spec());
    }
  }

  @Test
  void pipeline_roundTripsThroughJson() throws Exception {
    Pipeline p = everyStageType();
    Map<?, ?> tree = json.readValue(json.writeValueAsString(p.triggers().get(0)), Map.class);
    assertThat(tree.get("type")).isEqualTo("github");
    assertThat(json.readValue(json.writeValueAsString(p.triggers().get(0)), Trigger.class))
        .isEqualTo(p.triggers().get(0));
  }

  private static Pipeline everyStageType() {
    return new PipelineReader()
        .read(RepoFiles.read(RepoFiles.root().resolve("examples/pipelines/every-stage-type.yml")))
        .get();
  }
}
