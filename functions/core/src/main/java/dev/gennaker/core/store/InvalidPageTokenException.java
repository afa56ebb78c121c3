package dev.gennaker.core.store;

/**
 * A page token was refused: it is malformed, its signature does not verify, or it was issued to
 * another tenant or for another query. The edge maps this to 400 Bad Request.
 */
public class InvalidPageTokenException extends StoreException {
  private static final long serialVersionUID = 1L;

  public InvalidPageTokenException(String message) {
    super(message);
  }
}
