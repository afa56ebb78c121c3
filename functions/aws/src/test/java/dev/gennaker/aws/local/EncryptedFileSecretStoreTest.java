package dev.gennaker.aws.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.secret.SecretRef;
import dev.gennaker.core.secret.SecretStore;
import dev.gennaker.core.secret.SecretStoreContract;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.store.StoreUnavailableException;
import dev.gennaker.core.tenant.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedFileSecretStoreTest extends SecretStoreContract {
  @TempDir static Path dir;

  @Override
  protected SecretStore newStore() {
    return new EncryptedFileSecretStore(dir.resolve("data"), dir.resolve("keys/secrets.key"));
  }

  @Test
  void filesOnDisk_holdNoPlaintext() throws IOException {
    SecretStore store = newStore();
    String value = CANARY_PREFIX + "on-disk";
    store.put(new SecretRef(TenantId.of("disk-check"), "github-webhook"), SecretValue.of(value));
    try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
      assertThat(files.filter(Files::isRegularFile).toList())
          .isNotEmpty()
          .allSatisfy(f -> assertThat(new String(Files.readAllBytes(f))).doesNotContain(value));
    }
  }

  @Test
  void keyFile_insideTheDataDirectory_isRefused() {
    assertThatThrownBy(
            () -> new EncryptedFileSecretStore(dir.resolve("data"), dir.resolve("data/k.key")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside");
  }

  @Test
  void anotherKey_cannotRead_andAFileMovedToAnotherTenant_doesNotDecrypt() throws IOException {
    SecretStore store = newStore();
    SecretRef a = new SecretRef(TenantId.of("mover-a"), "slack-bot-token");
    SecretRef b = new SecretRef(TenantId.of("mover-b"), "slack-bot-token");
    store.put(a, SecretValue.of(CANARY_PREFIX + "moved"));
    SecretStore otherKey =
        new EncryptedFileSecretStore(dir.resolve("data"), dir.resolve("keys/other.key"));
    assertThatThrownBy(() -> otherKey.get(a))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageNotContaining(CANARY_PREFIX);
    Path from = dir.resolve("data/mover-a/slack-bot-token.secret");
    Path to = dir.resolve("data/mover-b/slack-bot-token.secret");
    Files.createDirectories(to.getParent());
    Files.copy(from, to);
    assertThatThrownBy(() -> store.get(b)).isInstanceOf(StoreUnavailableException.class);
  }
}
