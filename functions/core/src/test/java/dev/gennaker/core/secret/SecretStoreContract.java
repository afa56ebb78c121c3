package dev.gennaker.core.secret;

import static dev.gennaker.core.store.Fixtures.freshTenant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link SecretStore}, including that secret values are never logged. */
public abstract class SecretStoreContract {
  /**
   * Every secret value these suites write starts with this, so a grep of all logs can find leaks.
   */
  public static final String CANARY_PREFIX = "gk-canary-secret-";

  protected abstract SecretStore newStore();

  private SecretStore store;
  private TenantId tenant;

  @BeforeEach
  void setUp() {
    store = newStore();
    tenant = freshTenant();
  }

  static String canary() {
    return CANARY_PREFIX + UUID.randomUUID();
  }

  @Test
  void put_get_replace_delete() {
    SecretRef ref = new SecretRef(tenant, "github-webhook");
    String first = canary();
    String second = canary();
    assertThat(store.get(ref)).isEmpty();
    store.put(ref, SecretValue.of(first));
    assertThat(store.get(ref).orElseThrow().reveal()).isEqualTo(first);
    store.put(ref, SecretValue.of(second));
    assertThat(store.get(ref).orElseThrow().reveal()).isEqualTo(second);
    store.delete(ref);
    store.delete(ref);
    assertThat(store.get(ref)).isEmpty();
  }

  @Test
  void namesWithIds_work() {
    SecretRef ref = new SecretRef(tenant, "agent-registration/a1");
    String value = canary();
    store.put(ref, SecretValue.of(value));
    assertThat(store.get(ref).orElseThrow().matches(value)).isTrue();
  }

  @Test
  void tenantB_seesNothingOfTenantA() {
    TenantId other = freshTenant();
    store.put(new SecretRef(tenant, "slack-bot-token"), SecretValue.of(canary()));
    assertThat(store.get(new SecretRef(other, "slack-bot-token"))).isEmpty();
    store.delete(new SecretRef(other, "slack-bot-token"));
    assertThat(store.get(new SecretRef(tenant, "slack-bot-token"))).isPresent();
  }

  @Test
  void secretValues_neverAppearInLogsExceptionsOrToString() {
    String value = canary();
    List<String> texts = new ArrayList<>();
    try (OutputCapture capture = new OutputCapture()) {
      SecretRef ref = new SecretRef(tenant, "slack-signing-secret");
      store.put(ref, SecretValue.of(value));
      SecretValue read = store.get(ref).orElseThrow();
      texts.add(read.toString());
      texts.add(String.valueOf(store.get(ref)));
      store.put(ref, SecretValue.of(value));
      store.delete(ref);
      store.get(ref);
      texts.add(capture.text());
    }
    assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContain(value));
    assertThat(texts.get(0)).isEqualTo("<redacted>");
  }
}
