package dev.gennaker.core.manifest;

/** A manifest that cannot be used; the message names the file and line. */
public final class ManifestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ManifestException(String message) {
    super(message);
  }
}
