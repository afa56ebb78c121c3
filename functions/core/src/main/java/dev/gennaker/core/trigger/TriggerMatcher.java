package dev.gennaker.core.trigger;

import dev.gennaker.core.manifest.ImageReference;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.pipeline.Glob;
import dev.gennaker.core.pipeline.Trigger;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Decides whether an event matches one of a pipeline's triggers. Pure functions: no I/O, except
 * that changed paths are asked for (through a supplier) only when a trigger filters on them.
 *
 * <p>Rules: repositories compare case-insensitively (GitHub names do); an empty glob list matches
 * anything; {@code branches} match the pushed branch, or the branch a pull request targets; {@code
 * tags} match a tag push or a release's tag; {@code paths} match when any changed path matches any
 * glob, and apply to pushes and pull requests only (a tag or release has no diff of its own).
 */
public final class TriggerMatcher {
  private TriggerMatcher() {}

  /**
   * @param changedPaths every path the event changed; called only when the trigger has {@code
   *     paths}
   */
  public static boolean matches(
      Trigger.GitHub trigger, GitHubEvent event, Supplier<List<String>> changedPaths) {
    if (!trigger.repository().equalsIgnoreCase(event.repository())) {
      return false;
    }
    List<String> events = trigger.events() == null ? List.of() : trigger.events();
    if (!events.isEmpty() && !events.contains(event.kind())) {
      return false;
    }
    switch (event.kind()) {
      case "push", "pull_request" -> {
        if (!anyGlob(trigger.branches(), event.baseBranch())) {
          return false;
        }
        List<String> paths = trigger.paths() == null ? List.of() : trigger.paths();
        if (!paths.isEmpty()) {
          return changedPaths.get().stream().anyMatch(p -> anyGlob(paths, p));
        }
        return true;
      }
      default -> {
        return anyGlob(trigger.tags(), event.tag());
      }
    }
  }

  /** An image push matches when the repositories name the same image and the tag matches. */
  public static boolean matches(Trigger.Image trigger, ImageReference pushed) {
    String wanted;
    try {
      wanted = ImageReference.normalise(trigger.repository().toLowerCase(Locale.ROOT));
    } catch (RuntimeException e) {
      return false;
    }
    if (!wanted.equals(pushed.repository().toLowerCase(Locale.ROOT))) {
      return false;
    }
    List<String> tags = trigger.tags() == null ? List.of() : trigger.tags();
    if (tags.isEmpty()) {
      return true;
    }
    return pushed.tag() != null && anyGlob(tags, pushed.tag());
  }

  /** The end of {@code pipeline} with {@code status} matches a {@code pipeline} trigger. */
  public static boolean matches(
      Trigger.PipelineEnded trigger, String pipeline, ExecutionStatus status) {
    if (!trigger.pipeline().equals(pipeline) || !status.isTerminal()) {
      return false;
    }
    List<String> statuses =
        trigger.statuses() == null || trigger.statuses().isEmpty()
            ? List.of("succeeded")
            : trigger.statuses();
    return statuses.contains(status.name().toLowerCase(Locale.ROOT));
  }

  static boolean anyGlob(List<String> globs, String value) {
    if (globs == null || globs.isEmpty()) {
      return true;
    }
    if (value == null || value.isEmpty()) {
      return false;
    }
    for (String g : globs) {
      try {
        if (Glob.compile(g).matches(value)) {
          return true;
        }
      } catch (Glob.InvalidGlobException e) {
        // validation refuses bad globs; a stored one that no longer compiles matches nothing
      }
    }
    return false;
  }
}
