package dev.gennaker.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Health from YAML fixtures: {@code health/<case>.yaml} is an object as a cluster returns it,
 * {@code health/<case>.expected} the health it must get ("STATE: message").
 */
class ResourceHealthTest {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  static Stream<Path> fixtures() throws IOException, URISyntaxException {
    Path dir = Path.of(ResourceHealthTest.class.getResource("/health").toURI());
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    return files.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void health_matchesTheExpectedFileBesideTheFixture(Path fixture) throws IOException {
    HasMetadata object = YAML.unmarshal(Files.readString(fixture), HasMetadata.class);
    String expected =
        Files.readString(Path.of(fixture.toString().replace(".yaml", ".expected"))).strip();

    assertThat(ResourceHealth.of(object).toString()).isEqualTo(expected);
  }

  @Test
  void fixtures_coverEveryStateExceptMissing_andMissingIsNull() throws Exception {
    assertThat(fixtures().count()).isGreaterThanOrEqualTo(15);
    assertThat(ResourceHealth.of(null).state()).isEqualTo(HealthState.MISSING);
  }

  @Test
  void worst_followsTheDeclaredOrder() {
    assertThat(HealthState.HEALTHY.worst(HealthState.PROGRESSING))
        .isEqualTo(HealthState.PROGRESSING);
    assertThat(HealthState.DEGRADED.worst(HealthState.MISSING)).isEqualTo(HealthState.DEGRADED);
    assertThat(HealthState.SUSPENDED.worst(HealthState.HEALTHY)).isEqualTo(HealthState.SUSPENDED);
  }
}
