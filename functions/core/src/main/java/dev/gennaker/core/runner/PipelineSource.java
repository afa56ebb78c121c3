package dev.gennaker.core.runner;

import dev.gennaker.core.pipeline.Pipeline;
import dev.gennaker.core.pipeline.PipelineReader;
import dev.gennaker.core.pipeline.ValidationResult;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.PipelineStore;
import dev.gennaker.core.store.PipelineVersion;
import dev.gennaker.core.tenant.TenantId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parsed pipeline version an execution runs. Versions never change once applied, so parsed
 * pipelines are cached (a few hundred, least recently used first out). Thread-safe.
 */
public final class PipelineSource {
  private static final int CACHE_SIZE = 256;

  private final PipelineStore store;
  private final PipelineReader reader = new PipelineReader();
  private final Map<String, Pipeline> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pipeline> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  public PipelineSource(PipelineStore store) {
    this.store = store;
  }

  /** The store the pipelines come from. */
  public PipelineStore store() {
    return store;
  }

  public Pipeline pipeline(TenantId tenant, String application, String pipeline, int version) {
    String key = tenant.value() + "/" + application + "/" + pipeline + "/" + version;
    synchronized (cache) {
      Pipeline cached = cache.get(key);
      if (cached != null) {
        return cached;
      }
    }
    PipelineVersion stored =
        store
            .get(tenant, application, pipeline, version)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "pipeline " + application + "/" + pipeline + " version " + version));
    ValidationResult result = reader.read(stored.yaml());
    if (!result.valid()) {
      // Only valid files are applied; a stored version that no longer validates means the
      // validator changed underneath it.
      throw new IllegalStateException(
          "stored pipeline "
              + pipeline
              + " v"
              + version
              + " no longer validates: "
              + result.diagnostics().get(0).message());
    }
    synchronized (cache) {
      cache.put(key, result.get());
    }
    return result.get();
  }
}
