package dev.gennaker.core.store;

/**
 * The backing service failed in a way the caller cannot fix (throttled past retries, network, table
 * missing). Safe to retry later for idempotent operations.
 */
public class StoreUnavailableException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
