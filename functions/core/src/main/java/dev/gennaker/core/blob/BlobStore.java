package dev.gennaker.core.blob;

import java.util.Optional;

/**
 * Stores large values under a tenant's prefix. Writes replace (idempotent for the same content);
 * deletes of absent blobs do nothing. Failures of the backing store surface as {@link
 * dev.gennaker.core.store.StoreUnavailableException}. Thread-safe.
 */
public interface BlobStore {

  /** Writes (or replaces) the blob at {@code ref}. */
  void put(BlobRef ref, Blob blob);

  /** The blob, or empty. */
  Optional<Blob> get(BlobRef ref);

  /** Removes the blob. Idempotent. */
  void delete(BlobRef ref);
}
