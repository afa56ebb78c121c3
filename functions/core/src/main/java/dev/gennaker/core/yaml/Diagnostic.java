package dev.gennaker.core.yaml;

import java.util.Objects;

/**
 * One problem found in a document a user wrote.
 *
 * @param position where it is (1-based line and column)
 * @param path the JSON path of the field concerned, e.g. {@code spec.stages[2].dependsOn[0]}
 *     ({@code ""} for the document itself)
 * @param message what is wrong, for a person, with a suggestion where one helps
 */
public record Diagnostic(SourcePosition position, String path, String message) {

  public Diagnostic {
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** Compiler style: {@code FILE:LINE:COL: error: MESSAGE [at PATH]}. */
  public String format(String file) {
    return file
        + ":"
        + position.line()
        + ":"
        + position.column()
        + ": error: "
        + message
        + (path.isEmpty() ? "" : " [at " + path + "]");
  }
}
