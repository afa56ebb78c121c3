package dev.gennaker.core.store;

/** A create was refused because an item with the same identity already exists. */
public class AlreadyExistsException extends StoreException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(String message) {
    super(message);
  }
}
