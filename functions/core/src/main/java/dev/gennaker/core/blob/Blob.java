package dev.gennaker.core.blob;

import java.util.Arrays;
import java.util.Objects;

/** The bytes of a blob and their media type. */
public record Blob(byte[] content, String contentType) {
  public Blob {
    content = content.clone();
    Objects.requireNonNull(contentType, "contentType");
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Blob b
        && Arrays.equals(content, b.content)
        && contentType.equals(b.contentType);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(content) + contentType.hashCode();
  }

  @Override
  public String toString() {
    return "Blob[" + content.length + " bytes, " + contentType + "]";
  }
}
