package dev.gennaker.core.store;

import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * One applied version of a pipeline file, kept as the raw YAML text the user wrote (the typed model
 * is parsed from it when needed) with where it came from. Versions count from 1.
 */
public record PipelineVersion(
    TenantId tenant,
    String application,
    String pipeline,
    int version,
    String yaml,
    String sourceCommit,
    String author,
    Instant appliedAt) {
  /** The API's limit on a pipeline file (1 MiB); a bigger one is almost certainly a mistake. */
  public static final int MAX_YAML_CHARS = 1024 * 1024;

  public PipelineVersion {
    Objects.requireNonNull(tenant, "tenant");
    Ids.require("application", application);
    Ids.require("pipeline", pipeline);
    if (version < 1) {
      throw new IllegalArgumentException("pipeline versions count from 1");
    }
    Objects.requireNonNull(yaml, "yaml");
    if (yaml.length() > MAX_YAML_CHARS) {
      throw new IllegalArgumentException(
          "pipeline file is " + yaml.length() + " characters; the limit is " + MAX_YAML_CHARS);
    }
    Objects.requireNonNull(sourceCommit, "sourceCommit");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(appliedAt, "appliedAt");
  }

  /** The version after this one. */
  public PipelineVersion next(String newYaml, String commit, String by, Instant at) {
    return new PipelineVersion(tenant, application, pipeline, version + 1, newYaml, commit, by, at);
  }
}
