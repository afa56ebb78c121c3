package dev.gennaker.core.runner;

import dev.gennaker.core.manifest.ManifestObject;
import dev.gennaker.core.source.SourceFiles;
import java.util.List;
import java.util.Map;

/** Renders a Helm chart (real Helm, through an adapter) into manifest objects. Thread-safe. */
public interface ChartRenderer {

  /**
   * @param folder the chart's folder in the repository
   * @param files every file under it
   * @param values values applied after the chart's own (value files first, then inline values)
   * @param namespace the release namespace (may be null)
   * @throws RenderException with Helm's own message when the chart does not render
   */
  List<ManifestObject> render(
      String folder,
      List<SourceFiles.SourceFile> files,
      Map<String, Object> values,
      String releaseName,
      String namespace);

  /** A chart that does not render; the message is Helm's. */
  final class RenderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RenderException(String message) {
      super(message);
    }
  }

  /** For deployments without Helm: a chart is refused with a clear reason. */
  ChartRenderer NONE =
      (folder, files, values, releaseName, namespace) -> {
        throw new RenderException(
            folder + " is a Helm chart, and this deployment of Gennaker cannot render charts");
      };
}
