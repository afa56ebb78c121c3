package dev.gennaker.core.yaml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one document. Not thread-safe: one per validation. */
public final class Diagnostics {
  private final List<Diagnostic> items = new ArrayList<>();

  public void error(SourcePosition position, String path, String message) {
    items.add(new Diagnostic(position, path, message));
  }

  public void error(YamlNode node, String message) {
    error(node.position(), node.path(), message);
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }

  public int size() {
    return items.size();
  }

  /** Every problem, ordered by position, then by path; duplicates removed. */
  public List<Diagnostic> sorted() {
    return items.stream()
        .distinct()
        .sorted(Comparator.comparing(Diagnostic::position).thenComparing(Diagnostic::path))
        .toList();
  }
}
