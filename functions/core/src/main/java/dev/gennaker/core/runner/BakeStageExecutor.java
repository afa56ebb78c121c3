package dev.gennaker.core.runner;

import dev.gennaker.core.blob.Blob;
import dev.gennaker.core.blob.BlobRef;
import dev.gennaker.core.blob.BlobStore;
import dev.gennaker.core.execution.Artifact;
import dev.gennaker.core.manifest.ConfigVersionStore;
import dev.gennaker.core.manifest.ConfigVersioning;
import dev.gennaker.core.manifest.ImageReference;
import dev.gennaker.core.manifest.ManifestBake;
import dev.gennaker.core.manifest.ManifestException;
import dev.gennaker.core.manifest.ManifestObject;
import dev.gennaker.core.manifest.Manifests;
import dev.gennaker.core.pipeline.stage.BakeManifestsSpec;
import dev.gennaker.core.source.SourceFiles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code bakeManifests}: reads the manifests folder at the execution's commit, renders it (a Helm
 * chart through the {@link ChartRenderer}, or plain YAML as written), applies the Kubernetes
 * transforms (versioned config, rewritten references, bound images, tracking annotations), stores
 * the result in the blob store and outputs its reference. Idempotent per attempt: the same input
 * gives the same blob.
 */
final class BakeStageExecutor implements StageExecutor {
  private final SourceFiles sources;
  private final ChartRenderer charts;
  private final BlobStore blobs;
  private final ConfigVersionStore configVersions;

  BakeStageExecutor(
      SourceFiles sources,
      ChartRenderer charts,
      BlobStore blobs,
      ConfigVersionStore configVersions) {
    this.sources = sources;
    this.charts = charts;
    this.blobs = blobs;
    this.configVersions = configVersions;
  }

  @Override
  public Waiting waiting() {
    return Waiting.NONE;
  }

  @Override
  public Duration defaultTimeout() {
    return Duration.ofMinutes(5);
  }

  @Override
  public StageOutcome run(StageContext context) {
    var spec = (BakeManifestsSpec) context.stage().spec();
    var execution = context.execution();
    var details = execution.trigger().details();
    String repository = details.get("repository");
    String commit = details.getOrDefault("commit", "HEAD");
    if (repository == null) {
      return new StageOutcome.Failed(
          "the execution has no repository to bake from (started by "
              + execution.trigger().type()
              + "); start it from a push, or give the trigger a repository and commit");
    }
    String folder = context.text(spec.source());
    List<SourceFiles.SourceFile> files =
        sources.folder(execution.tenant(), repository, commit, folder);
    if (files.isEmpty()) {
      return new StageOutcome.Failed(
          "no files under " + folder + " in " + repository + " at " + commit);
    }
    List<ManifestObject> rendered;
    try {
      rendered =
          files.stream().anyMatch(f -> f.path().equals(trim(folder) + "/Chart.yaml"))
              ? charts.render(
                  folder,
                  files,
                  values(context, spec, repository, commit),
                  spec.releaseName() != null
                      ? context.text(spec.releaseName())
                      : execution.application(),
                  context.text(spec.namespace()))
              : plain(files);
      ManifestBake.Result result =
          ManifestBake.bake(
              rendered,
              new ManifestBake.Context(
                  execution.application(),
                  execution.pipeline(),
                  execution.executionId(),
                  context.stage().id(),
                  context.text(spec.namespace()),
                  images(execution.artifacts()),
                  configVersions.history(execution.tenant(), execution.application())));
      BlobRef ref =
          new BlobRef(
              execution.tenant(),
              "executions/"
                  + execution.executionId()
                  + "/"
                  + context.stage().id()
                  + "/manifests.yaml");
      blobs.put(ref, new Blob(result.yaml().getBytes(StandardCharsets.UTF_8), "application/yaml"));
      for (ConfigVersioning.ConfigVersion v : result.configVersions()) {
        if (!v.reused()) {
          configVersions.record(execution.tenant(), execution.application(), v);
        }
      }
      Map<String, String> outputs = new LinkedHashMap<>();
      outputs.put("manifests", "blob:" + ref.key());
      outputs.put(
          "configVersions",
          result.configVersions().stream()
              .map(ConfigVersioning.ConfigVersion::name)
              .collect(Collectors.joining(",")));
      outputs.put(
          "images",
          result.boundImages().stream()
              .map(b -> b.object() + "/" + b.container() + "=" + b.to())
              .distinct()
              .collect(Collectors.joining(",")));
      outputs.put("objects", String.valueOf(result.objects().size()));
      return new StageOutcome.Succeeded(outputs);
    } catch (ManifestException | ChartRenderer.RenderException e) {
      return new StageOutcome.Failed(e.getMessage());
    }
  }

  private static String trim(String folder) {
    return folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
  }

  private static List<ManifestObject> plain(List<SourceFiles.SourceFile> files) {
    List<ManifestObject> out = new ArrayList<>();
    for (SourceFiles.SourceFile f : files) {
      if (f.path().endsWith(".yaml") || f.path().endsWith(".yml")) {
        out.addAll(Manifests.parse(f.path(), f.text()));
      }
    }
    if (out.isEmpty()) {
      throw new ManifestException("no Kubernetes objects in the YAML files of the folder");
    }
    return out;
  }

  /** Value files in order, then the inline values (with their expressions evaluated). */
  @SuppressWarnings("unchecked")
  private Map<String, Object> values(
      StageContext context, BakeManifestsSpec spec, String repository, String commit) {
    Map<String, Object> merged = new LinkedHashMap<>();
    for (String path : spec.valueFiles()) {
      String file = context.text(path);
      int slash = file.lastIndexOf('/');
      String parent = slash < 0 ? "" : file.substring(0, slash);
      SourceFiles.SourceFile found =
          sources.folder(context.execution().tenant(), repository, commit, parent).stream()
              .filter(f -> f.path().equals(file))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ManifestException("value file " + file + " does not exist at " + commit));
      Object loaded;
      try {
        loaded =
            new org.snakeyaml.engine.v2.api.Load(
                    org.snakeyaml.engine.v2.api.LoadSettings.builder().setLabel(file).build())
                .loadFromString(found.text());
      } catch (org.snakeyaml.engine.v2.exceptions.YamlEngineException e) {
        throw new ManifestException(file + ": invalid YAML: " + e.getMessage());
      }
      if (loaded != null && !(loaded instanceof Map)) {
        throw new ManifestException(file + ": a value file must be a mapping");
      }
      if (loaded != null) {
        deepMerge(merged, (Map<String, Object>) loaded);
      }
    }
    Object inline = context.interpolateTree(spec.values());
    if (inline instanceof Map<?, ?> m) {
      deepMerge(merged, (Map<String, Object>) m);
    }
    return merged;
  }

  @SuppressWarnings("unchecked")
  static void deepMerge(Map<String, Object> into, Map<String, Object> from) {
    from.forEach(
        (k, v) -> {
          if (v instanceof Map<?, ?> vm && into.get(k) instanceof Map<?, ?> im) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) im);
            deepMerge(copy, (Map<String, Object>) vm);
            into.put(k, copy);
          } else {
            into.put(k, v);
          }
        });
  }

  private static List<ImageReference> images(List<Artifact> artifacts) {
    List<ImageReference> out = new ArrayList<>();
    for (Artifact a : artifacts) {
      if (a.type().equals("docker/image")) {
        try {
          out.add(ImageReference.parse(a.reference()));
        } catch (IllegalArgumentException e) {
          // Not a usable image reference: it binds nothing, the others still do.
        }
      }
    }
    return out;
  }
}
