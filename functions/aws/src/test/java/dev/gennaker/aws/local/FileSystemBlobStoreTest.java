package dev.gennaker.aws.local;

import dev.gennaker.core.blob.BlobStore;
import dev.gennaker.core.blob.BlobStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest extends BlobStoreContract {
  @TempDir static Path root;

  @Override
  protected BlobStore newStore() {
    return new FileSystemBlobStore(root);
  }
}
