package dev.gennaker.statemachines.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class PathsTest {
  private final JsonNode doc = Json.parse("{\"a\":{\"b\":[10,{\"c d\":true}]},\"s\":\"x\"}");

  @Test
  void referencePaths_walkFieldsIndexesAndBrackets() {
    assertThat(Paths.read(doc, "$.a.b[0]", "E").asInt()).isEqualTo(10);
    assertThat(Paths.read(doc, "$['a']['b'][1]['c d']", "E").asBoolean()).isTrue();
    assertThat(Paths.read(doc, "$", "E")).isSameAs(doc);
  }

  @Test
  void missingPath_raisesTheGivenError() {
    assertThatThrownBy(() -> Paths.read(doc, "$.a.nope", "States.Runtime"))
        .isInstanceOf(StatesError.class)
        .extracting(e -> ((StatesError) e).error())
        .isEqualTo("States.Runtime");
  }

  @Test
  void set_createsParentsAndNeverMutatesTheOriginal() {
    String before = Json.write(doc);
    JsonNode out = Paths.set(doc, "$.x.y", Json.F.numberNode(1));
    assertThat(Json.write(out))
        .isEqualTo("{\"a\":{\"b\":[10,{\"c d\":true}]},\"s\":\"x\",\"x\":{\"y\":1}}");
    assertThat(Json.write(doc)).isEqualTo(before);
    assertThat(Paths.set(doc, "$.a.b[0]", Json.F.textNode("z")).at("/a/b/0").asText())
        .isEqualTo("z");
  }

  @Test
  void set_refusesNonReferencePaths() {
    assertThat(Paths.isReference("$.a[*]")).isFalse();
    assertThat(Paths.isReference("$..a")).isFalse();
    assertThat(Paths.isValid("$..a")).isTrue();
    assertThat(Paths.isValid("a.b")).isFalse();
  }
}
