package dev.gennaker.aws.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.secret.SecretRef;
import dev.gennaker.core.secret.SecretStore;
import dev.gennaker.core.secret.SecretStoreContract;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.tenant.TenantId;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the secret contract against {@link FakeSecretsManager} and checks the requests' shape. */
class SecretsManagerSecretStoreTest extends SecretStoreContract {
  private static FakeSecretsManager fake;

  @BeforeAll
  static void start() throws IOException {
    fake = new FakeSecretsManager();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @Override
  protected SecretStore newStore() {
    return new SecretsManagerSecretStore(fake.client(), "gennaker");
  }

  @Test
  void secrets_areNamedByTenant_createdOnFirstPut_andDeletedWithoutRecoveryWindow() {
    fake.calls.clear();
    SecretRef ref = new SecretRef(TenantId.of("acme"), "agent-registration/a1");
    SecretStore store = newStore();
    store.put(ref, SecretValue.of(CANARY_PREFIX + "sm"));
    store.put(ref, SecretValue.of(CANARY_PREFIX + "sm2"));
    store.delete(ref);
    String id = "gennaker/acme/agent-registration/a1";
    assertThat(fake.calls)
        .containsExactly(
            new FakeSecretsManager.Call("PutSecretValue", id, false),
            new FakeSecretsManager.Call("CreateSecret", id, false),
            new FakeSecretsManager.Call("PutSecretValue", id, false),
            new FakeSecretsManager.Call("DeleteSecret", id, true));
  }
}
