package dev.gennaker.core.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pipeline file, read and validated: the user's contract (see docs/pipelines.md).
 *
 * @param metadata its name (unique within a tenant) and application
 * @param parameters values a manual or API start may pass
 * @param triggers what starts it
 * @param stages its stages, in file order; they form a DAG through {@code dependsOn}
 * @param notifications where it reports
 */
public record Pipeline(
    Metadata metadata,
    List<Parameter> parameters,
    List<Trigger> triggers,
    List<Stage> stages,
    List<Notification> notifications) {

  public static final String API_VERSION = "gennaker.dev/v1";
  public static final String KIND = "Pipeline";

  public Pipeline {
    parameters = List.copyOf(parameters);
    triggers = List.copyOf(triggers);
    stages = List.copyOf(stages);
    notifications = List.copyOf(notifications);
  }

  /** Name, application and optional description and labels of a pipeline. */
  public record Metadata(
      String name, String application, String description, Map<String, String> labels) {
    public Metadata {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
  }

  public Optional<Stage> stage(String id) {
    return stages.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public String name() {
    return metadata.name();
  }
}
