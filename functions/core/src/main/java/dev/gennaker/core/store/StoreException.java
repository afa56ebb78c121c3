package dev.gennaker.core.store;

/** Base of the unchecked exceptions every store port throws; adapters translate into these. */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
