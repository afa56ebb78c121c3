package dev.gennaker.aws.local;

import dev.gennaker.core.blob.Blob;
import dev.gennaker.core.blob.BlobRef;
import dev.gennaker.core.blob.BlobStore;
import dev.gennaker.core.store.StoreUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@link BlobStore} on a directory: {@code <root>/<tenant>/data/<key>} holds the bytes and {@code
 * <root>/<tenant>/type/<key>} the content type. Writes go to a temporary file first and are moved
 * into place atomically, so a reader never sees half a blob.
 */
public final class FileSystemBlobStore implements BlobStore {
  private final Path root;

  public FileSystemBlobStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  private Path data(BlobRef ref) {
    return root.resolve(ref.tenant().value()).resolve("data").resolve(ref.key());
  }

  private Path type(BlobRef ref) {
    return root.resolve(ref.tenant().value()).resolve("type").resolve(ref.key());
  }

  @Override
  public void put(BlobRef ref, Blob blob) {
    try {
      write(type(ref), blob.contentType().getBytes(StandardCharsets.UTF_8));
      write(data(ref), blob.content());
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot write blob " + ref.key(), e);
    }
  }

  private static void write(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), ".tmp-", "");
    try {
      Files.write(temp, bytes);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public Optional<Blob> get(BlobRef ref) {
    try {
      byte[] bytes = Files.readAllBytes(data(ref));
      String contentType =
          Files.exists(type(ref))
              ? Files.readString(type(ref), StandardCharsets.UTF_8)
              : "application/octet-stream";
      return Optional.of(new Blob(bytes, contentType));
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot read blob " + ref.key(), e);
    }
  }

  @Override
  public void delete(BlobRef ref) {
    try {
      Files.deleteIfExists(data(ref));
      Files.deleteIfExists(type(ref));
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot delete blob " + ref.key(), e);
    }
  }
}
