package dev.gennaker.github;

import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.runner.Notifier;
import java.util.Map;

/**
 * Completes the {@code gennaker/<pipeline>} commit status that the GitHub webhook set to pending:
 * success, failure or error (canceled) when an execution started by a push, tag or pull request
 * ends. Executions started otherwise, and releases (whose commit is a tag name), are left alone.
 * Compose it with the runner's other notifiers ({@link Notifier#all}); it never throws and never
 * blocks (the report runs on {@link CommitStatuses}' executor).
 */
public final class CommitStatusNotifier implements Notifier {
  private final CommitStatuses statuses;
  private final ExecutionLinks links;

  public CommitStatusNotifier(CommitStatuses statuses, ExecutionLinks links) {
    this.statuses = statuses;
    this.links = links;
  }

  @Override
  public void notify(Event event, Execution execution, String stageId, String detail) {
    String type = execution.trigger().type();
    if (!type.equals("github-push")
        && !type.equals("github-tag")
        && !type.equals("github-pull-request")) {
      return;
    }
    String state;
    String description;
    switch (event) {
      case SUCCEEDED -> {
        state = "success";
        description = "succeeded";
      }
      case FAILED -> {
        state = "failure";
        description = "failed";
      }
      case CANCELED -> {
        state = "error";
        description = "canceled";
      }
      default -> {
        return;
      }
    }
    Map<String, String> d = execution.trigger().details();
    String repository = d.get("repository");
    String commit = d.get("commit");
    if (repository == null || commit == null) {
      return;
    }
    statuses.report(
        execution.tenant(),
        repository,
        commit,
        state,
        "gennaker/" + execution.pipeline(),
        "Execution " + execution.executionId() + " " + description,
        links.execution(execution.tenant(), execution.executionId()));
  }
}
