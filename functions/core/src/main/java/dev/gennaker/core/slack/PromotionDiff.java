package dev.gennaker.core.slack;

import dev.gennaker.core.execution.Artifact;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.ExecutionStore;
import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.pipeline.Pipeline;
import dev.gennaker.core.pipeline.Stage;
import dev.gennaker.core.pipeline.StageStatus;
import dev.gennaker.core.pipeline.stage.BakeManifestsSpec;
import dev.gennaker.core.pipeline.stage.DeploySpec;
import dev.gennaker.core.runner.PipelineSource;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an approval promotes compared with what runs now on its target: the images and config
 * versions the execution's bake bound, against those of the last successful deploy by this tenant
 * to the same cluster and namespace ("api: ghcr.io/demo/api 1.4.2 → 1.5.0", "config web-config v003
 * → v004"), or "first deploy" when nothing was deployed there before.
 *
 * <p>The target is the first {@code deploy} stage that waits (directly or not) on the approval. The
 * bound images and config versions are the outputs of the {@code bakeManifests} stage that the
 * deploy's {@code manifests} expression names (else the pipeline's first bake); before that bake
 * has run, the execution's image artifacts stand in. What runs now is searched among the tenant's
 * {@link #MAX_EXECUTIONS} most recent executions: a read-only look-up made when the approval's
 * message is posted, never on a request path.
 */
public final class PromotionDiff {
  /** How many of the tenant's most recent executions are searched for the running deploy. */
  public static final int MAX_EXECUTIONS = 50;

  private static final Pattern STAGE_REF = Pattern.compile("stages\\.([a-z0-9-]+)\\.outputs");
  private static final Pattern VERSIONED = Pattern.compile("(.+)-v(\\d{3,})");

  /** A deploy's target, as the pipeline file names it. */
  public record Target(String cluster, String namespace) {}

  /**
   * The summary.
   *
   * @param lines one per changed image or config, then what is unchanged; "first deploy" alone when
   *     nothing ran on the target before
   * @param since the execution that deployed what runs now (empty on a first deploy)
   */
  public record Summary(Target target, List<String> lines, Optional<String> since) {}

  private final ExecutionStore executions;
  private final PipelineSource pipelines;

  public PromotionDiff(ExecutionStore executions, PipelineSource pipelines) {
    this.executions = executions;
    this.pipelines = pipelines;
  }

  /**
   * The summary for the approval stage {@code approvalStageId} of {@code execution}, or empty when
   * no deploy waits on it.
   */
  public Optional<Summary> of(Execution execution, String approvalStageId) {
    Pipeline pipeline = pipeline(execution, new HashMap<>());
    Optional<Stage> deploy = deployAfter(pipeline, approvalStageId);
    if (deploy.isEmpty()) {
      return Optional.empty();
    }
    DeploySpec spec = (DeploySpec) deploy.get().spec();
    Target target = new Target(spec.cluster(), spec.namespace());
    Bound promoted = promoted(execution, pipeline, deploy.get());
    Optional<Running> running = running(execution, target);
    if (running.isEmpty()) {
      return Optional.of(
          new Summary(
              target,
              List.of("first deploy to " + target.cluster() + "/" + target.namespace()),
              Optional.empty()));
    }
    return Optional.of(
        new Summary(
            target,
            compare(running.get().bound(), promoted),
            Optional.of(running.get().executionId())));
  }

  /** Images by container key and config versions by base name. */
  record Bound(Map<String, String> images, Map<String, String> configs) {}

  private record Running(String executionId, Bound bound) {}

  private Pipeline pipeline(Execution e, Map<String, Pipeline> cache) {
    return cache.computeIfAbsent(
        e.application() + "/" + e.pipeline() + "@" + e.pipelineVersion(),
        k -> pipelines.pipeline(e.tenant(), e.application(), e.pipeline(), e.pipelineVersion()));
  }

  private static Optional<Stage> deployAfter(Pipeline pipeline, String stageId) {
    Set<String> after = new LinkedHashSet<>();
    after.add(stageId);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Stage s : pipeline.stages()) {
        if (!after.contains(s.id()) && s.dependsOn().stream().anyMatch(after::contains)) {
          after.add(s.id());
          grew = true;
        }
      }
    }
    return pipeline.stages().stream()
        .filter(s -> after.contains(s.id()) && !s.id().equals(stageId))
        .filter(s -> s.spec() instanceof DeploySpec)
        .findFirst();
  }

  /** The bake stage whose manifests {@code deploy} applies. */
  private static Optional<String> bakeOf(Pipeline pipeline, Stage deploy) {
    String manifests = ((DeploySpec) deploy.spec()).manifests();
    if (manifests != null) {
      Matcher m = STAGE_REF.matcher(manifests);
      if (m.find()) {
        return Optional.of(m.group(1));
      }
    }
    return pipeline.stages().stream()
        .filter(s -> s.spec() instanceof BakeManifestsSpec)
        .map(Stage::id)
        .findFirst();
  }

  private Bound promoted(Execution execution, Pipeline pipeline, Stage deploy) {
    Optional<StageRecord> bake =
        bakeOf(pipeline, deploy)
            .flatMap(id -> executions.getStage(execution.tenant(), execution.executionId(), id))
            .filter(r -> r.status() == StageStatus.SUCCEEDED);
    if (bake.isPresent()) {
      return bound(bake.get().outputs());
    }
    // Not baked yet: the images the trigger brings are what will be bound.
    Map<String, String> images = new TreeMap<>();
    for (Artifact a : execution.artifacts()) {
      if (a.type().startsWith("docker")) {
        images.put("artifact:" + repository(a.reference()), a.reference());
      }
    }
    return new Bound(images, Map.of());
  }

  private Optional<Running> running(Execution current, Target target) {
    TenantId tenant = current.tenant();
    Map<String, Pipeline> cache = new HashMap<>();
    PageRequest request = PageRequest.first(25);
    int seen = 0;
    while (seen < MAX_EXECUTIONS) {
      Page<Execution> page = executions.list(tenant, request);
      for (Execution e : page.items()) {
        if (++seen > MAX_EXECUTIONS) {
          break;
        }
        if (e.executionId().equals(current.executionId())) {
          continue;
        }
        Optional<Bound> bound = deployedTo(e, target, cache);
        if (bound.isPresent()) {
          return Optional.of(new Running(e.executionId(), bound.get()));
        }
      }
      if (page.nextToken().isEmpty()) {
        break;
      }
      request = PageRequest.after(25, page.nextToken().get());
    }
    return Optional.empty();
  }

  /** What {@code e} deployed to {@code target} with success, if it did. */
  private Optional<Bound> deployedTo(Execution e, Target target, Map<String, Pipeline> cache) {
    Pipeline pipeline;
    try {
      pipeline = pipeline(e, cache);
    } catch (RuntimeException gone) {
      return Optional.empty(); // a pipeline version that cannot be read tells nothing
    }
    for (Stage s : pipeline.stages()) {
      if (!(s.spec() instanceof DeploySpec d)
          || !target.cluster().equals(d.cluster())
          || !target.namespace().equals(d.namespace())) {
        continue;
      }
      Optional<StageRecord> deployed =
          executions
              .getStage(e.tenant(), e.executionId(), s.id())
              .filter(r -> r.status() == StageStatus.SUCCEEDED);
      if (deployed.isEmpty()) {
        continue;
      }
      Optional<StageRecord> bake =
          bakeOf(pipeline, s).flatMap(id -> executions.getStage(e.tenant(), e.executionId(), id));
      return Optional.of(bake.map(b -> bound(b.outputs())).orElse(new Bound(Map.of(), Map.of())));
    }
    return Optional.empty();
  }

  /** Reads a bake's outputs: {@code images} "object/container=image,…", {@code configVersions}. */
  static Bound bound(Map<String, String> outputs) {
    Map<String, String> images = new TreeMap<>();
    for (String pair : outputs.getOrDefault("images", "").split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        images.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    Map<String, String> configs = new TreeMap<>();
    for (String name : outputs.getOrDefault("configVersions", "").split(",")) {
      Matcher m = VERSIONED.matcher(name.trim());
      if (m.matches()) {
        configs.put(m.group(1), "v" + m.group(2));
      }
    }
    return new Bound(images, configs);
  }

  /** The lines of the summary: changes first, then how much is unchanged. */
  static List<String> compare(Bound now, Bound next) {
    List<String> lines = new ArrayList<>();
    int sameImages = 0;
    Map<String, String> nowByRepository = new LinkedHashMap<>();
    now.images().values().forEach(image -> nowByRepository.put(repository(image), image));
    for (Map.Entry<String, String> e : next.images().entrySet()) {
      String key = e.getKey();
      String to = e.getValue();
      String from =
          key.startsWith("artifact:")
              ? nowByRepository.get(repository(to))
              : now.images().getOrDefault(key, nowByRepository.get(repository(to)));
      String label = label(key, to);
      if (from == null) {
        lines.add(label + ": " + to + " (new)");
      } else if (from.equals(to)) {
        sameImages++;
      } else if (repository(from).equals(repository(to))) {
        lines.add(label + ": " + repository(to) + " " + version(from) + " → " + version(to));
      } else {
        lines.add(label + ": " + from + " → " + to);
      }
    }
    int sameConfigs = 0;
    for (Map.Entry<String, String> e : next.configs().entrySet()) {
      String from = now.configs().get(e.getKey());
      if (from == null) {
        lines.add("config " + e.getKey() + ": " + e.getValue() + " (new)");
      } else if (from.equals(e.getValue())) {
        sameConfigs++;
      } else {
        lines.add("config " + e.getKey() + ": " + from + " → " + e.getValue() + " (changed)");
      }
    }
    if (sameImages > 0 || sameConfigs > 0) {
      lines.add(
          "unchanged: "
              + sameImages
              + (sameImages == 1 ? " image, " : " images, ")
              + sameConfigs
              + (sameConfigs == 1 ? " config" : " configs"));
    }
    if (lines.isEmpty()) {
      lines.add("no image or config change");
    }
    return lines;
  }

  /** The container's name ({@code Deployment/api/api} → {@code api}), else the image's name. */
  private static String label(String key, String image) {
    if (key.startsWith("artifact:")) {
      String repo = repository(image);
      return repo.substring(repo.lastIndexOf('/') + 1);
    }
    return key.substring(key.lastIndexOf('/') + 1);
  }

  /** {@code ghcr.io/demo/api:1.5.0} → {@code ghcr.io/demo/api} (also for digests). */
  static String repository(String image) {
    int at = image.indexOf('@');
    String ref = at >= 0 ? image.substring(0, at) : image;
    int colon = ref.lastIndexOf(':');
    return colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
  }

  /** {@code ghcr.io/demo/api:1.5.0} → {@code 1.5.0}; a digest is shortened. */
  static String version(String image) {
    int at = image.indexOf('@');
    if (at >= 0) {
      String digest = image.substring(at + 1);
      return digest.length() > 19 ? digest.substring(0, 19) : digest;
    }
    int colon = image.lastIndexOf(':');
    return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest";
  }
}
