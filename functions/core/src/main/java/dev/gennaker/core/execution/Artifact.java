package dev.gennaker.core.execution;

import java.util.Objects;

/** An artifact bound into an execution, e.g. type {@code docker/image}, name and reference. */
public record Artifact(String type, String name, String reference) {
  public Artifact {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(reference, "reference");
  }
}
