package dev.gennaker.core.execution;

import java.util.Map;
import java.util.Objects;

/**
 * What started an execution: {@code type} (for example {@code github-push}, {@code api}, {@code
 * pipeline}), the {@code actor} responsible (their user id; approval policy refuses them as
 * approver), and small details (repository, branch, commit).
 */
public record Trigger(String type, String actor, Map<String, String> details) {
  public Trigger {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actor, "actor");
    details = Map.copyOf(details);
  }
}
