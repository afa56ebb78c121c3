package dev.gennaker.core.store;

/** The item addressed does not exist (for this tenant). */
public class NotFoundException extends StoreException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }
}
