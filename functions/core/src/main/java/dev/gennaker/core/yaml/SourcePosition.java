package dev.gennaker.core.yaml;

/** A 1-based line and column in a source document. */
public record SourcePosition(int line, int column) implements Comparable<SourcePosition> {

  public static final SourcePosition START = new SourcePosition(1, 1);

  public SourcePosition {
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("positions are 1-based: " + line + ":" + column);
    }
  }

  /** The position {@code columns} characters to the right on the same line. */
  public SourcePosition plusColumns(int columns) {
    return new SourcePosition(line, column + columns);
  }

  @Override
  public int compareTo(SourcePosition o) {
    return line != o.line ? Integer.compare(line, o.line) : Integer.compare(column, o.column);
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
