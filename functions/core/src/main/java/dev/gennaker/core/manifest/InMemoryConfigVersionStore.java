package dev.gennaker.core.manifest;

import dev.gennaker.core.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Config versions in memory, for tests and single-process use. */
public final class InMemoryConfigVersionStore implements ConfigVersionStore {
  private final Map<String, List<ConfigVersioning.ExistingVersion>> versions =
      new ConcurrentHashMap<>();

  private static String key(TenantId t, String app, String ns, String kind, String name) {
    return t.value() + "/" + app + "/" + ns + "/" + kind + "/" + name;
  }

  @Override
  public List<ConfigVersioning.ExistingVersion> versions(
      TenantId tenant, String application, String namespace, String kind, String baseName) {
    return List.copyOf(
        versions.getOrDefault(key(tenant, application, namespace, kind, baseName), List.of()));
  }

  @Override
  public void record(TenantId tenant, String application, ConfigVersioning.ConfigVersion v) {
    List<ConfigVersioning.ExistingVersion> list =
        versions.computeIfAbsent(
            key(tenant, application, v.namespace(), v.kind(), v.baseName()),
            k -> new CopyOnWriteArrayList<>());
    ConfigVersioning.ExistingVersion entry =
        new ConfigVersioning.ExistingVersion(v.number(), v.contentHash());
    synchronized (list) {
      if (!list.contains(entry)) {
        list.add(entry);
      }
    }
  }
}
