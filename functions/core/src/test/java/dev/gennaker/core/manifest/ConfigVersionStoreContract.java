package dev.gennaker.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.tenant.TenantId;
import org.junit.jupiter.api.Test;

/** What every {@link ConfigVersionStore} must do; each implementation runs this suite. */
public abstract class ConfigVersionStoreContract {
  protected abstract ConfigVersionStore newStore();

  private final TenantId a = TenantId.of("acme");
  private final TenantId b = TenantId.of("globex");

  private static ConfigVersioning.ConfigVersion v(int n, String hash) {
    return new ConfigVersioning.ConfigVersion(
        "ConfigMap",
        "orders",
        "orders-config",
        n,
        ConfigVersioning.versionedName("orders-config", n),
        hash,
        false);
  }

  @Test
  void versionsAreRemembered_andRecordingAgainChangesNothing() {
    ConfigVersionStore s = newStore();
    s.record(a, "orders", v(0, "h0"));
    s.record(a, "orders", v(1, "h1"));
    s.record(a, "orders", v(1, "h1"));
    assertThat(s.versions(a, "orders", "orders", "ConfigMap", "orders-config"))
        .containsExactlyInAnyOrder(
            new ConfigVersioning.ExistingVersion(0, "h0"),
            new ConfigVersioning.ExistingVersion(1, "h1"));
  }

  @Test
  void applicationsNamespacesKindsAndTenants_areSeparate() {
    ConfigVersionStore s = newStore();
    s.record(a, "orders", v(0, "h0"));
    assertThat(s.versions(a, "billing", "orders", "ConfigMap", "orders-config")).isEmpty();
    assertThat(s.versions(a, "orders", "other", "ConfigMap", "orders-config")).isEmpty();
    assertThat(s.versions(a, "orders", "orders", "Secret", "orders-config")).isEmpty();
    assertThat(s.versions(b, "orders", "orders", "ConfigMap", "orders-config")).isEmpty();
  }
}
