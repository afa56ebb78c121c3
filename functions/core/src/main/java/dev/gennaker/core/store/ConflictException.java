package dev.gennaker.core.store;

/**
 * A conditional write lost: the item changed since the caller read it (its version moved on), or it
 * is no longer in a state that allows the change (an approval already decided). The caller re-reads
 * and decides again; retrying blindly is wrong.
 */
public class ConflictException extends StoreException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }
}
