package dev.gennaker.core.pipeline;

import dev.gennaker.core.cluster.Cluster;
import dev.gennaker.core.cluster.ClusterStore;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PipelineStore;
import dev.gennaker.core.store.PipelineVersion;
import dev.gennaker.core.tenant.TenantId;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a pipeline file as the next version of its pipeline: validated exactly as {@code gennaker
 * validate} does, with the tenant's clusters known, so a file naming a cluster the tenant does not
 * have is refused. The same use case serves the API, the CLI and pushes to Git.
 *
 * <p>Re-applying the text of the latest version stores nothing new (a push that does not touch the
 * file, a retried request); two concurrent applies of different texts both land, one after the
 * other.
 */
public final class ApplyPipeline {
  private static final int ATTEMPTS = 5;

  private final PipelineStore pipelines;
  private final ClusterStore clusters;
  private final Clock clock;

  public ApplyPipeline(PipelineStore pipelines, ClusterStore clusters, Clock clock) {
    this.pipelines = pipelines;
    this.clusters = clusters;
    this.clock = clock;
  }

  /** What applying a file did. */
  public sealed interface Result permits Applied, Invalid {}

  /**
   * The file is valid.
   *
   * @param version the latest version after the apply
   * @param changed false when the text equals the previous latest version (nothing was stored)
   */
  public record Applied(PipelineVersion version, Pipeline pipeline, boolean changed)
      implements Result {}

  /** The file has problems; nothing was stored. */
  public record Invalid(ValidationResult validation) implements Result {}

  /**
   * Applies {@code text} on behalf of {@code who}, who needs the editor role.
   *
   * @throws dev.gennaker.core.tenant.Principal.ForbiddenException below editor
   */
  public Result apply(dev.gennaker.core.tenant.Principal who, String text, String commit) {
    who.require(dev.gennaker.core.tenant.Role.EDITOR);
    return apply(who.tenant(), text, who.userId(), commit);
  }

  /**
   * Validates and applies {@code text} (for triggers acting for the tenant, such as a push).
   *
   * @param author who applied it (a user id, or the Git author for pushes)
   * @param commit the source commit, or empty
   * @throws IllegalArgumentException if the file is larger than the store accepts
   * @throws ConflictException if other applies of the same pipeline kept winning the race
   */
  public Result apply(TenantId tenant, String text, String author, String commit) {
    ValidationResult result = new PipelineReader(Optional.of(clusterIds(tenant))).read(text);
    if (!result.valid()) {
      return new Invalid(result);
    }
    Pipeline p = result.get();
    String application = p.metadata().application();
    ConflictException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<PipelineVersion> latest = pipelines.latest(tenant, application, p.name());
      if (latest.isPresent() && latest.get().yaml().equals(text)) {
        return new Applied(latest.get(), p, false);
      }
      PipelineVersion next =
          new PipelineVersion(
              tenant,
              application,
              p.name(),
              latest
                  .map(v -> v.version() + 1)
                  .orElseGet(() -> lastDeleted(tenant, application, p.name()) + 1),
              text,
              commit,
              author,
              clock.instant());
      try {
        return new Applied(pipelines.apply(next), p, true);
      } catch (ConflictException e) {
        last = e;
      }
    }
    throw last;
  }

  /** The last version of a deleted pipeline (0 for a new one): numbering continues after it. */
  private int lastDeleted(TenantId tenant, String application, String name) {
    return pipelines.listVersions(tenant, application, name, PageRequest.first(1)).items().stream()
        .findFirst()
        .map(PipelineVersion::version)
        .orElse(0);
  }

  private Set<String> clusterIds(TenantId tenant) {
    Set<String> ids = new HashSet<>();
    Optional<String> token = Optional.empty();
    do {
      Page<Cluster> page = clusters.listClusters(tenant, new PageRequest(100, token));
      page.items().forEach(c -> ids.add(c.clusterId()));
      token = page.nextToken();
    } while (token.isPresent());
    return ids;
  }
}
