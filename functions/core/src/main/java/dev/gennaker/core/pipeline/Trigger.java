package dev.gennaker.core.pipeline;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** What starts a pipeline. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Trigger.GitHub.class, name = "github"),
  @JsonSubTypes.Type(value = Trigger.Image.class, name = "image"),
  @JsonSubTypes.Type(value = Trigger.Schedule.class, name = "schedule"),
  @JsonSubTypes.Type(value = Trigger.PipelineEnded.class, name = "pipeline")
})
public sealed interface Trigger
    permits Trigger.GitHub, Trigger.Image, Trigger.Schedule, Trigger.PipelineEnded {

  /** The {@code type} users write. */
  String type();

  /**
   * Pushes, tags, pull requests and releases of a GitHub repository.
   *
   * @param repository {@code owner/name}
   * @param events any of {@code push}, {@code tag}, {@code pull_request}, {@code release}
   * @param branches branch globs (empty: any branch)
   * @param tags tag globs (empty: any tag)
   * @param paths changed-path globs (empty: any change)
   */
  record GitHub(
      String repository,
      List<String> events,
      List<String> branches,
      List<String> tags,
      List<String> paths)
      implements Trigger {
    public static final List<String> EVENTS = List.of("push", "tag", "pull_request", "release");

    @Override
    public String type() {
      return "github";
    }
  }

  /** A push of a container image to a registry, matched by repository and tag globs. */
  record Image(String repository, List<String> tags) implements Trigger {
    @Override
    public String type() {
      return "image";
    }
  }

  /** A cron schedule in a time zone (IANA name; UTC when absent). */
  record Schedule(String cron, String timezone) implements Trigger {
    @Override
    public String type() {
      return "schedule";
    }
  }

  /** The end of another pipeline of the same tenant with one of the listed statuses. */
  record PipelineEnded(String pipeline, List<String> statuses) implements Trigger {
    public static final List<String> STATUSES = List.of("succeeded", "failed", "canceled");

    @Override
    public String type() {
      return "pipeline";
    }
  }
}
