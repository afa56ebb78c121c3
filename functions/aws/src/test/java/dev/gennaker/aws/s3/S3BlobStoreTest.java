package dev.gennaker.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.blob.Blob;
import dev.gennaker.core.blob.BlobRef;
import dev.gennaker.core.blob.BlobStore;
import dev.gennaker.core.blob.BlobStoreContract;
import dev.gennaker.core.tenant.TenantId;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the blob contract against {@link FakeS3} and checks the requests' shape. */
class S3BlobStoreTest extends BlobStoreContract {
  private static FakeS3 s3;

  @BeforeAll
  static void start() throws IOException {
    s3 = new FakeS3();
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  @Override
  protected BlobStore newStore() {
    return new S3BlobStore(s3.client(), "gennaker-blobs");
  }

  @Test
  void objects_liveUnderTheTenantPrefix_withTheirContentType() {
    s3.requests.clear();
    BlobRef ref = new BlobRef(TenantId.of("acme"), "executions/e1/bake/manifests.yaml");
    newStore().put(ref, new Blob(new byte[] {1}, "application/yaml"));
    newStore().delete(ref);
    assertThat(s3.requests)
        .containsExactly(
            new FakeS3.Request(
                "PUT",
                "/gennaker-blobs/tenants/acme/executions/e1/bake/manifests.yaml",
                "application/yaml"),
            new FakeS3.Request(
                "DELETE", "/gennaker-blobs/tenants/acme/executions/e1/bake/manifests.yaml", null));
  }
}
