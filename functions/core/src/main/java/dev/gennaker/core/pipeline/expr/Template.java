package dev.gennaker.core.pipeline.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * A string with {@code ${...}} expressions in it. Braces and quotes inside an expression are
 * honoured, so {@code ${ {'a': 1}['a'] }} is one expression. {@code $${} writes a literal
 * {@code ${}.
 */
public final class Template {

  /** A piece of a template: literal text, or an expression with its offset in the template. */
  public sealed interface Part permits Literal, Expression {}

  public record Literal(String text) implements Part {}

  /**
   * @param source the CEL source between {@code ${} and {@code }}
   * @param offset where {@code source} starts in the template
   */
  public record Expression(String source, int offset) implements Part {}

  /** Thrown for a template that cannot be split; {@code offset} is where the problem is. */
  public static final class InvalidTemplateException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int offset;

    InvalidTemplateException(String message, int offset) {
      super(message);
      this.offset = offset;
    }

    public int offset() {
      return offset;
    }
  }

  private Template() {}

  public static boolean hasExpressions(String text) {
    return text.contains("${");
  }

  public static List<Part> parse(String text) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        literal.append("${");
        i += 3;
        continue;
      }
      if (!text.startsWith("${", i)) {
        literal.append(text.charAt(i++));
        continue;
      }
      int start = i + 2;
      int end = closingBrace(text, start);
      if (end < 0) {
        throw new InvalidTemplateException("\"${\" is never closed with \"}\"", i);
      }
      String source = text.substring(start, end);
      if (source.isBlank()) {
        throw new InvalidTemplateException("empty expression \"${}\"", i);
      }
      if (literal.length() > 0) {
        parts.add(new Literal(literal.toString()));
        literal.setLength(0);
      }
      parts.add(new Expression(source, start));
      i = end + 1;
    }
    if (literal.length() > 0) {
      parts.add(new Literal(literal.toString()));
    }
    return parts;
  }

  private static int closingBrace(String text, int from) {
    int depth = 0;
    char quote = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        if (depth == 0) {
          return i;
        }
        depth--;
      }
    }
    return -1;
  }
}
