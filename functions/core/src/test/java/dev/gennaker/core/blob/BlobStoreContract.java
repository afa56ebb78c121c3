package dev.gennaker.core.blob;

import static dev.gennaker.core.store.Fixtures.freshTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link BlobStore}. */
public abstract class BlobStoreContract {
  protected abstract BlobStore newStore();

  private BlobStore store;
  private TenantId tenant;

  @BeforeEach
  void setUp() {
    store = newStore();
    tenant = freshTenant();
  }

  @Test
  void put_get_replace_delete() {
    BlobRef ref = new BlobRef(tenant, "executions/e1/bake/manifests.yaml");
    assertThat(store.get(ref)).isEmpty();
    store.put(
        ref, new Blob("kind: Deployment\n".getBytes(StandardCharsets.UTF_8), "application/yaml"));
    assertThat(store.get(ref))
        .contains(
            new Blob("kind: Deployment\n".getBytes(StandardCharsets.UTF_8), "application/yaml"));
    store.put(ref, new Blob(new byte[] {1, 2, 3}, "application/octet-stream"));
    assertThat(store.get(ref)).contains(new Blob(new byte[] {1, 2, 3}, "application/octet-stream"));
    store.delete(ref);
    store.delete(ref);
    assertThat(store.get(ref)).isEmpty();
  }

  @Test
  void largeBlobs_roundTrip() {
    byte[] big = new byte[3 * 1024 * 1024];
    Arrays.fill(big, (byte) 'x');
    BlobRef ref = new BlobRef(tenant, "executions/e1/logs/deploy.log");
    store.put(ref, new Blob(big, "text/plain"));
    assertThat(store.get(ref).orElseThrow().content()).hasSize(big.length).isEqualTo(big);
  }

  @Test
  void tenantB_seesNothingOfTenantA() {
    TenantId other = freshTenant();
    store.put(new BlobRef(tenant, "a/b"), new Blob(new byte[] {7}, "text/plain"));
    assertThat(store.get(new BlobRef(other, "a/b"))).isEmpty();
    store.delete(new BlobRef(other, "a/b"));
    assertThat(store.get(new BlobRef(tenant, "a/b"))).isPresent();
  }

  @Test
  void keysThatCouldEscapeTheTenantPrefix_areRefused() {
    for (String bad : new String[] {"../t/x", "a/../../b", "/abs", "a//b", "a/./b", ""}) {
      assertThatThrownBy(() -> new BlobRef(tenant, bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
