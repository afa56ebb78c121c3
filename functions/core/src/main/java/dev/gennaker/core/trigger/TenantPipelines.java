package dev.gennaker.core.trigger;

import dev.gennaker.core.pipeline.Pipeline;
import dev.gennaker.core.runner.PipelineSource;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PipelineVersion;
import dev.gennaker.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The latest version of each of a tenant's pipelines, parsed (parsed versions are cached by {@link
 * PipelineSource}): what trigger matching walks. One paged index query per call; a stored version
 * that no longer parses is left out rather than failing every trigger of the tenant.
 */
public final class TenantPipelines {
  private static final System.Logger LOG = System.getLogger(TenantPipelines.class.getName());

  /** One pipeline that triggers may start. */
  public record Candidate(String application, String name, int version, Pipeline pipeline) {}

  private final PipelineSource source;

  public TenantPipelines(PipelineSource source) {
    this.source = source;
  }

  public List<Candidate> list(TenantId tenant) {
    List<Candidate> out = new ArrayList<>();
    Optional<String> token = Optional.empty();
    do {
      Page<PipelineVersion> page =
          source.store().listPipelines(tenant, new PageRequest(PageRequest.MAX_LIMIT, token));
      for (PipelineVersion v : page.items()) {
        try {
          out.add(
              new Candidate(
                  v.application(),
                  v.pipeline(),
                  v.version(),
                  source.pipeline(tenant, v.application(), v.pipeline(), v.version())));
        } catch (RuntimeException e) {
          LOG.log(
              System.Logger.Level.WARNING,
              "tenant " + tenant + ": pipeline " + v.pipeline() + " skipped for triggers: " + e);
        }
      }
      token = page.nextToken();
    } while (token.isPresent());
    return out;
  }
}
