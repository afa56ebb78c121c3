package dev.gennaker.core.store;

import dev.gennaker.core.tenant.TenantId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link PipelineStore} in memory, for tests and tools. Runs the same contract suite. */
public final class InMemoryPipelineStore implements PipelineStore {
  private final PageTokens tokens;
  private final Map<String, TreeMap<Integer, PipelineVersion>> versions = new HashMap<>();
  private final java.util.Set<String> deleted = new java.util.HashSet<>();

  public InMemoryPipelineStore(PageTokens tokens) {
    this.tokens = tokens;
  }

  private static String key(TenantId tenant, String application, String pipeline) {
    return tenant.value() + "/" + application + "/" + pipeline;
  }

  @Override
  public synchronized PipelineVersion apply(PipelineVersion next) {
    TreeMap<Integer, PipelineVersion> of =
        versions.computeIfAbsent(
            key(next.tenant(), next.application(), next.pipeline()), k -> new TreeMap<>());
    int latest = of.isEmpty() ? 0 : of.lastKey();
    if (next.version() != latest + 1) {
      throw new ConflictException(
          "pipeline "
              + next.application()
              + "/"
              + next.pipeline()
              + " is at version "
              + latest
              + "; cannot apply version "
              + next.version());
    }
    of.put(next.version(), next);
    deleted.remove(key(next.tenant(), next.application(), next.pipeline()));
    return next;
  }

  @Override
  public synchronized Optional<PipelineVersion> latest(
      TenantId tenant, String application, String pipeline) {
    String key = key(tenant, application, pipeline);
    TreeMap<Integer, PipelineVersion> of = versions.get(key);
    return of == null || of.isEmpty() || deleted.contains(key)
        ? Optional.empty()
        : Optional.of(of.lastEntry().getValue());
  }

  @Override
  public synchronized Optional<PipelineVersion> get(
      TenantId tenant, String application, String pipeline, int version) {
    TreeMap<Integer, PipelineVersion> of = versions.get(key(tenant, application, pipeline));
    return of == null ? Optional.empty() : Optional.ofNullable(of.get(version));
  }

  @Override
  public synchronized Page<PipelineVersion> listVersions(
      TenantId tenant, String application, String pipeline, PageRequest page) {
    TreeMap<String, PipelineVersion> sorted = new TreeMap<>(Comparator.reverseOrder());
    versions
        .getOrDefault(key(tenant, application, pipeline), new TreeMap<>())
        .forEach((v, p) -> sorted.put(String.format("%010d", v), p));
    return InMemoryPaging.page(
        tokens, tenant, "pipeline-versions:" + application + "/" + pipeline, sorted, page);
  }

  @Override
  public synchronized void delete(TenantId tenant, String application, String pipeline) {
    String key = key(tenant, application, pipeline);
    if (versions.containsKey(key)) {
      deleted.add(key);
    }
  }

  @Override
  public synchronized Page<PipelineVersion> listPipelines(TenantId tenant, PageRequest page) {
    TreeMap<String, PipelineVersion> sorted = new TreeMap<>();
    versions.entrySet().stream()
        .filter(e -> !deleted.contains(e.getKey()))
        .map(Map.Entry::getValue)
        .filter(of -> !of.isEmpty() && of.firstEntry().getValue().tenant().equals(tenant))
        .map(of -> of.lastEntry().getValue())
        .forEach(p -> sorted.put(p.application() + "#" + p.pipeline(), p));
    return InMemoryPaging.page(tokens, tenant, "pipelines", sorted, page);
  }
}
