package dev.gennaker.core.manifest;

import dev.gennaker.core.tenant.TenantId;
import java.util.List;

/**
 * Remembers the versions of each ConfigMap and Secret an application's bakes made, so that the next
 * bake reuses an identical one or takes the next number. Per tenant and application. Recording the
 * same version again is a no-op. Thread-safe.
 */
public interface ConfigVersionStore {

  List<ConfigVersioning.ExistingVersion> versions(
      TenantId tenant, String application, String namespace, String kind, String baseName);

  void record(TenantId tenant, String application, ConfigVersioning.ConfigVersion version);

  /** The history of one application, as {@link ConfigVersioning} reads it. */
  default ConfigVersioning.History history(TenantId tenant, String application) {
    return (namespace, kind, name) -> versions(tenant, application, namespace, kind, name);
  }
}
