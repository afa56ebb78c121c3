package dev.gennaker.core.pipeline;

import dev.gennaker.core.yaml.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of reading a pipeline file: the pipeline when the file is valid, and every problem
 * found otherwise.
 */
public record ValidationResult(Optional<Pipeline> pipeline, List<Diagnostic> diagnostics) {

  public ValidationResult {
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean valid() {
    return diagnostics.isEmpty();
  }

  /** The pipeline; only call when {@link #valid()}. */
  public Pipeline get() {
    return pipeline.orElseThrow(() -> new IllegalStateException("the pipeline file is invalid"));
  }

  /** Every problem, compiler style, one per line. */
  public List<String> format(String file) {
    return diagnostics.stream().map(d -> d.format(file)).toList();
  }
}
