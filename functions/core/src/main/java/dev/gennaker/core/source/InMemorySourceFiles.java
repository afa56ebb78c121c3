package dev.gennaker.core.source;

import dev.gennaker.core.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Repository files kept in memory, for tests: {@code put} them, then read them by folder. */
public final class InMemorySourceFiles implements SourceFiles {
  private final Map<String, TreeMap<String, String>> repos = new ConcurrentHashMap<>();

  public void put(TenantId tenant, String repository, String commit, String path, String text) {
    repos
        .computeIfAbsent(tenant.value() + "/" + repository + "@" + commit, k -> new TreeMap<>())
        .put(path, text);
  }

  @Override
  public List<SourceFile> folder(TenantId tenant, String repository, String commit, String folder) {
    TreeMap<String, String> files = repos.get(tenant.value() + "/" + repository + "@" + commit);
    if (files == null) {
      return List.of();
    }
    String prefix = folder.endsWith("/") || folder.isEmpty() ? folder : folder + "/";
    return files.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(e -> new SourceFile(e.getKey(), e.getValue()))
        .toList();
  }
}
