package dev.gennaker.core.pipeline;

import java.util.regex.Pattern;

/**
 * A glob for branches, tags, image tags and changed paths: {@code *} matches within one path
 * segment, {@code **} across segments, {@code ?} one character, {@code [abc]}/{@code [!a-z]} a
 * class, {@code {a,b}} alternatives.
 */
public final class Glob {
  private final String text;
  private final Pattern pattern;

  private Glob(String text, Pattern pattern) {
    this.text = text;
    this.pattern = pattern;
  }

  /** Thrown for a pattern that cannot be compiled; the message says why. */
  public static final class InvalidGlobException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidGlobException(String message) {
      super(message);
    }
  }

  public static Glob compile(String text) {
    if (text.isEmpty()) {
      throw new InvalidGlobException("the pattern is empty");
    }
    StringBuilder re = new StringBuilder();
    int braces = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      switch (c) {
        case '*' -> {
          if (i + 1 < text.length() && text.charAt(i + 1) == '*') {
            // "**/" also matches no directory at all
            if (i + 2 < text.length() && text.charAt(i + 2) == '/') {
              re.append("(?:.*/)?");
              i += 2;
            } else {
              re.append(".*");
              i++;
            }
          } else {
            re.append("[^/]*");
          }
        }
        case '?' -> re.append("[^/]");
        case '[' -> {
          int end = text.indexOf(']', i + 2);
          if (end < 0) {
            throw new InvalidGlobException("\"[\" at position " + (i + 1) + " is never closed");
          }
          String body = text.substring(i + 1, end);
          boolean negate = body.startsWith("!") || body.startsWith("^");
          if (negate) {
            body = body.substring(1);
          }
          if (body.isEmpty()) {
            throw new InvalidGlobException("empty character class at position " + (i + 1));
          }
          re.append('[').append(negate ? "^" : "");
          for (char k : body.toCharArray()) {
            re.append(k == '\\' || k == '[' || k == '&' ? "\\" + k : String.valueOf(k));
          }
          re.append(']');
          i = end;
        }
        case '{' -> {
          braces++;
          re.append("(?:");
        }
        case '}' -> {
          if (braces == 0) {
            throw new InvalidGlobException("\"}\" at position " + (i + 1) + " has no \"{\"");
          }
          braces--;
          re.append(')');
        }
        case ',' -> re.append(braces > 0 ? "|" : ",");
        case '\\' -> {
          if (i + 1 >= text.length()) {
            throw new InvalidGlobException("the pattern ends with an escape character");
          }
          re.append(Pattern.quote(String.valueOf(text.charAt(++i))));
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    if (braces > 0) {
      throw new InvalidGlobException("\"{\" is never closed");
    }
    return new Glob(text, Pattern.compile(re.toString()));
  }

  public boolean matches(String value) {
    return pattern.matcher(value).matches();
  }

  @Override
  public String toString() {
    return text;
  }
}
