package dev.gennaker.core.store;

import dev.gennaker.core.tenant.TenantId;
import java.util.Optional;

/**
 * Every applied version of every pipeline file, as raw YAML with its source commit and author. (It
 * lives in this package rather than {@code pipeline} because the pipeline model is owned and
 * written separately; it depends on none of it.)
 *
 * <p>All methods may also throw {@link StoreUnavailableException}; listings throw {@link
 * InvalidPageTokenException} for a token of another tenant or query. Thread-safe.
 */
public interface PipelineStore {

  /**
   * Stores {@code next}, which must be version 1 for a new pipeline or the last version + 1 (also
   * after a {@link #delete}). Two concurrent applies of the same next version: one wins, the other
   * gets {@link ConflictException}.
   *
   * @throws ConflictException if {@code next.version()} is not the latest + 1
   */
  PipelineVersion apply(PipelineVersion next);

  Optional<PipelineVersion> latest(TenantId tenant, String application, String pipeline);

  Optional<PipelineVersion> get(TenantId tenant, String application, String pipeline, int version);

  /** Versions of one pipeline, newest first. */
  Page<PipelineVersion> listVersions(
      TenantId tenant, String application, String pipeline, PageRequest page);

  /**
   * The latest version of each of the tenant's pipelines, ordered by application then name. May lag
   * a just-committed apply by a moment (index read); {@link #latest} never lags.
   */
  Page<PipelineVersion> listPipelines(TenantId tenant, PageRequest page);

  /**
   * Deletes a pipeline: it is no longer listed, {@link #latest} is empty and nothing can start it.
   * Its versions stay readable through {@link #get} and {@link #listVersions}, so executions that
   * run one finish and history stays whole; applying the pipeline again continues the numbering
   * after the last version. Idempotent.
   */
  void delete(TenantId tenant, String application, String pipeline);
}
