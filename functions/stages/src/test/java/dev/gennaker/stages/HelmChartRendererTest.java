package dev.gennaker.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.manifest.ManifestObject;
import dev.gennaker.core.runner.ChartRenderer;
import dev.gennaker.core.source.SourceFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HelmChartRendererTest {
  static final Path CHART = Path.of("src/test/resources/charts/orders");

  static List<SourceFiles.SourceFile> chartFiles(String folder) throws Exception {
    List<SourceFiles.SourceFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(CHART)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        files.add(
            new SourceFiles.SourceFile(
                folder + "/" + CHART.relativize(p).toString().replace('\\', '/'),
                Files.readString(p)));
      }
    }
    return files;
  }

  @Test
  void rendersTheChartWithRealHelm_mergingValues() throws Exception {
    List<ManifestObject> objects =
        new HelmChartRenderer()
            .render(
                "deploy/chart",
                chartFiles("deploy/chart"),
                Map.of("replicaCount", 5, "config", Map.of("logLevel", "debug")),
                "shop",
                "orders");
    assertThat(objects)
        .extracting(ManifestObject::id)
        .containsExactlyInAnyOrder(
            "ConfigMap/shop-orders-config", "Deployment/shop-orders", "Service/shop-orders");
    ManifestObject deployment =
        objects.stream().filter(o -> o.kind().equals("Deployment")).findFirst().orElseThrow();
    assertThat(((Map<?, ?>) deployment.tree().get("spec")).get("replicas")).isEqualTo(5);
    assertThat(deployment.source()).startsWith("deploy/chart (rendered by Helm)");
    ManifestObject config =
        objects.stream().filter(o -> o.kind().equals("ConfigMap")).findFirst().orElseThrow();
    assertThat(config.tree().get("data")).isEqualTo(Map.of("LOG_LEVEL", "debug"));
  }

  @Test
  void aChartThatDoesNotRender_givesHelmsOwnMessage() throws Exception {
    List<SourceFiles.SourceFile> files = new ArrayList<>(chartFiles("c"));
    files.add(
        new SourceFiles.SourceFile("c/templates/broken.yaml", "{{ .Values.missing.deeper }}"));
    assertThatThrownBy(() -> new HelmChartRenderer().render("c", files, Map.of(), "shop", "orders"))
        .isInstanceOf(ChartRenderer.RenderException.class)
        .hasMessageContaining("helm template c failed")
        .hasMessageContaining("broken.yaml");
  }
}
