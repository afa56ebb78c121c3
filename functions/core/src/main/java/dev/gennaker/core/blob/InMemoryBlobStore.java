package dev.gennaker.core.blob;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link BlobStore} in memory, for tests and tools. Runs the same contract suite. */
public final class InMemoryBlobStore implements BlobStore {
  private final Map<BlobRef, Blob> blobs = new ConcurrentHashMap<>();

  @Override
  public void put(BlobRef ref, Blob blob) {
    blobs.put(ref, blob);
  }

  @Override
  public Optional<Blob> get(BlobRef ref) {
    return Optional.ofNullable(blobs.get(ref));
  }

  @Override
  public void delete(BlobRef ref) {
    blobs.remove(ref);
  }
}
