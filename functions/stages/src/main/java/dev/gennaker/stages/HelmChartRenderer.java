package dev.gennaker.stages;

import com.marcnuri.helm.Helm;
import dev.gennaker.core.manifest.ManifestException;
import dev.gennaker.core.manifest.ManifestObject;
import dev.gennaker.core.manifest.Manifests;
import dev.gennaker.core.runner.ChartRenderer;
import dev.gennaker.core.source.SourceFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;

/**
 * Renders Helm charts with real Helm 3 ({@code helm template}) through helm-java's native library:
 * the chart's files are written to a private temporary folder, rendered with the merged values, and
 * the folder is removed. No cluster is contacted. Thread-safe.
 */
public final class HelmChartRenderer implements ChartRenderer {

  @Override
  public List<ManifestObject> render(
      String folder,
      List<SourceFiles.SourceFile> files,
      Map<String, Object> values,
      String releaseName,
      String namespace) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("gennaker-chart-");
      String prefix = folder.endsWith("/") ? folder : folder + "/";
      Path chart = dir.resolve("chart");
      for (SourceFiles.SourceFile f : files) {
        Path target = chart.resolve(f.path().substring(prefix.length())).normalize();
        if (!target.startsWith(chart)) {
          throw new RenderException(f.path() + " lies outside the chart folder");
        }
        Files.createDirectories(target.getParent());
        Files.writeString(target, f.text(), StandardCharsets.UTF_8);
      }
      Path valuesFile = dir.resolve("gennaker-values.yaml");
      Files.writeString(
          valuesFile,
          new Dump(DumpSettings.builder().build()).dumpToString(values),
          StandardCharsets.UTF_8);
      var template = new Helm(chart).template().withName(releaseName).withValuesFile(valuesFile);
      if (namespace != null) {
        template = template.withNamespace(namespace);
      }
      String rendered;
      try {
        rendered = template.call();
      } catch (RuntimeException e) {
        throw new RenderException("helm template " + folder + " failed: " + helmMessage(e));
      }
      try {
        return Manifests.parse(folder + " (rendered by Helm)", rendered);
      } catch (ManifestException e) {
        throw new RenderException(e.getMessage());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(dir);
    }
  }

  private static String helmMessage(RuntimeException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    return message.strip();
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // A leftover temporary file is harmless; the render result stands.
                }
              });
    } catch (IOException e) {
      // As above.
    }
  }
}
