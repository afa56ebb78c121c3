package dev.gennaker.core.trigger;

import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.Trigger;
import dev.gennaker.core.manifest.ImageReference;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link Trigger} an execution records, whose details are the {@code trigger} fields
 * expressions see (see {@code ExpressionEngine.TRIGGER_FIELDS}). Details are strings: {@code
 * changedPaths} is stored one path per line and {@code pullRequest} as a decimal number. Long
 * values are cut so a trigger stays small (a message to {@value #MAX_MESSAGE} characters, the
 * changed paths to {@value #MAX_PATHS_CHARS}; {@code changedPathsTruncated} says when).
 */
public final class TriggerContext {
  static final int MAX_MESSAGE = 1024;
  static final int MAX_PATHS_CHARS = 8 * 1024;

  /** Details that tie a child started by a {@code pipeline} stage to its parent's stage. */
  private static final Set<String> PARENT_STAGE_KEYS =
      Set.of("parentExecutionId", "parentStageId", "parentAttempt", "parentWaits");

  private TriggerContext() {}

  /**
   * The trigger of an execution started by a GitHub event: type {@code github-<kind>}, actor the
   * commit author's login (falling back to the pusher).
   */
  public static Trigger github(GitHubEvent e, List<String> changedPaths) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("repository", e.repository());
    put(d, "branch", e.branch());
    put(d, "tag", e.tag());
    put(d, "commit", e.commit());
    put(d, "commitUrl", e.commitUrl());
    put(d, "message", cut(e.message(), MAX_MESSAGE));
    put(d, "author", e.author());
    put(d, "authorEmail", e.authorEmail());
    put(d, "pusher", e.pusher());
    if (e.pullRequest() > 0) {
      d.put("pullRequest", Integer.toString(e.pullRequest()));
      put(d, "baseBranch", e.baseBranch());
    }
    StringBuilder paths = new StringBuilder();
    boolean truncated = false;
    for (String p : changedPaths) {
      if (paths.length() + p.length() + 1 > MAX_PATHS_CHARS) {
        truncated = true;
        break;
      }
      if (paths.length() > 0) {
        paths.append('\n');
      }
      paths.append(p);
    }
    put(d, "changedPaths", paths.toString());
    if (truncated) {
      d.put("changedPathsTruncated", "true");
    }
    String actor =
        !e.author().isEmpty() ? e.author() : e.pusher().isEmpty() ? "github" : e.pusher();
    return new Trigger("github-" + e.kind().replace('_', '-'), actor, d);
  }

  /** The trigger of an execution started by an image push; actor the pusher when known. */
  public static Trigger image(ImageReference image, String registry, String pusher) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("image", image.toString());
    d.put("repository", image.repository());
    put(d, "tag", image.tag());
    put(d, "digest", image.digest());
    put(d, "registry", registry);
    put(d, "pusher", pusher);
    return new Trigger("image", pusher == null || pusher.isEmpty() ? "registry" : pusher, d);
  }

  /** The trigger of a scheduled execution. */
  public static Trigger schedule(String cron, String timezone, Instant scheduledAt) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("cron", cron);
    d.put("timezone", timezone);
    d.put("scheduledAt", scheduledAt.toString());
    return new Trigger("schedule", "schedule", d);
  }

  /**
   * The trigger of an execution started because {@code upstream} ended: the upstream's details
   * (repository, commit, …) carry over so stages can bake from the same commit, with {@code
   * pipeline} naming the upstream pipeline. The actor stays the upstream's actor, so the person who
   * pushed still cannot approve what their push set off downstream.
   */
  public static Trigger chained(Execution upstream) {
    Map<String, String> d = new LinkedHashMap<>(upstream.trigger().details());
    d.keySet().removeAll(PARENT_STAGE_KEYS);
    d.put("pipeline", upstream.pipeline());
    d.put("upstreamExecutionId", upstream.executionId());
    d.put("upstreamStatus", upstream.status().name().toLowerCase(java.util.Locale.ROOT));
    int depth = chainDepth(upstream) + 1;
    d.put("chainDepth", Integer.toString(depth));
    return new Trigger("pipeline", upstream.trigger().actor(), d);
  }

  /** How many chained pipelines led to {@code execution} (0 for one started otherwise). */
  public static int chainDepth(Execution execution) {
    try {
      return Integer.parseInt(execution.trigger().details().getOrDefault("chainDepth", "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * The {@code trigger} variable expressions see for {@code trigger}: its details typed as {@code
   * ExpressionEngine.TRIGGER_FIELDS} declares them ({@code changedPaths} a list of strings, {@code
   * pullRequest} a number), plus {@code type}, and {@code user} = the actor unless a detail sets
   * it. The runner's expression context should be built from this; details are stored as strings.
   */
  public static Map<String, Object> expressionFields(Trigger trigger) {
    Map<String, Object> out = new LinkedHashMap<>(trigger.details());
    String paths = trigger.details().get("changedPaths");
    if (paths != null) {
      out.put("changedPaths", paths.isEmpty() ? List.of() : List.of(paths.split("\n")));
    }
    String pr = trigger.details().get("pullRequest");
    if (pr != null) {
      try {
        out.put("pullRequest", Long.parseLong(pr));
      } catch (NumberFormatException e) {
        out.remove("pullRequest");
      }
    }
    out.put("type", trigger.type());
    out.putIfAbsent("user", trigger.actor());
    return out;
  }

  private static void put(Map<String, String> d, String key, String value) {
    if (value != null && !value.isEmpty()) {
      d.put(key, value);
    }
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
