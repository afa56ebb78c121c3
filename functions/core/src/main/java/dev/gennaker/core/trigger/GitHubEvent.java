package dev.gennaker.core.trigger;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One GitHub webhook event, reduced to what trigger matching and the trigger context need.
 *
 * @param kind {@code push}, {@code tag}, {@code pull_request} or {@code release} (the names users
 *     write in {@code events})
 * @param repository {@code owner/name}
 * @param branch the pushed branch; for a pull request its head branch; empty for tags and releases
 * @param baseBranch for a pull request the branch it targets (matched against {@code branches});
 *     for a push the pushed branch; empty otherwise
 * @param tag the tag of a tag push or release; empty otherwise
 * @param commit the commit the event is about (after a push, a pull request's head)
 * @param baseCommit the commit before the push, or a pull request's base; empty when none
 * @param author login of the head commit's author, falling back to the pusher or sender
 * @param changedPaths paths the event changed, when the payload listed them completely; empty when
 *     they must be read from the compare API (truncated lists, pull requests, new branches)
 * @param pullRequest the pull request number, or 0
 * @param defaultBranch the repository's default branch (pipeline files are applied from it)
 */
public record GitHubEvent(
    String kind,
    String repository,
    String branch,
    String baseBranch,
    String tag,
    String commit,
    String baseCommit,
    String commitUrl,
    String message,
    String author,
    String authorEmail,
    String pusher,
    Optional<List<String>> changedPaths,
    int pullRequest,
    String defaultBranch) {

  public static final List<String> KINDS = List.of("push", "tag", "pull_request", "release");

  public GitHubEvent {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("unknown GitHub event kind: " + kind);
    }
    Objects.requireNonNull(repository, "repository");
    branch = nz(branch);
    baseBranch = nz(baseBranch);
    tag = nz(tag);
    commit = nz(commit);
    baseCommit = nz(baseCommit);
    commitUrl = nz(commitUrl);
    message = nz(message);
    author = nz(author);
    authorEmail = nz(authorEmail);
    pusher = nz(pusher);
    changedPaths = changedPaths == null ? Optional.empty() : changedPaths.map(List::copyOf);
    defaultBranch = nz(defaultBranch);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** This event with its changed paths known. */
  public GitHubEvent withChangedPaths(List<String> paths) {
    return new GitHubEvent(
        kind,
        repository,
        branch,
        baseBranch,
        tag,
        commit,
        baseCommit,
        commitUrl,
        message,
        author,
        authorEmail,
        pusher,
        Optional.of(paths),
        pullRequest,
        defaultBranch);
  }
}
