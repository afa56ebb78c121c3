package dev.gennaker.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gennaker.core.trigger.GitHubEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads GitHub's webhook payloads ({@code push}, {@code pull_request}, {@code release}) into {@link
 * GitHubEvent}s, or says why an event starts nothing.
 *
 * <p>Changed paths of a push come from its commits' {@code added}, {@code modified} and {@code
 * removed} lists when they are complete; they are left unknown (to be read from the compare API)
 * when GitHub sent no commits (a new branch at an existing commit, very large pushes) or the
 * maximum it sends ({@value #MAX_PAYLOAD_COMMITS}).
 */
final class GitHubPayloads {
  /** GitHub lists at most this many commits in a push payload. */
  static final int MAX_PAYLOAD_COMMITS = 2048;

  static final String NULL_SHA = "0000000000000000000000000000000000000000";

  private GitHubPayloads() {}

  /** What a payload means for triggers. */
  sealed interface Parsed permits Event, Ignored {}

  record Event(GitHubEvent event, boolean fromFork) implements Parsed {}

  record Ignored(String reason) implements Parsed {}

  /** Thrown for a payload that lacks what its event type must carry. */
  static final class MalformedPayloadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedPayloadException(String message) {
      super(message);
    }
  }

  static Parsed parse(String eventType, JsonNode p) {
    return switch (eventType) {
      case "push" -> push(p);
      case "pull_request" -> pullRequest(p);
      case "release" -> release(p);
      default -> new Ignored("event \"" + eventType + "\" starts no pipelines");
    };
  }

  private static Parsed push(JsonNode p) {
    String ref = required(p, "ref");
    String repository = required(p.path("repository"), "full_name", "repository.full_name");
    if (p.path("deleted").asBoolean(false)) {
      return new Ignored(ref + " was deleted");
    }
    String after = required(p, "after");
    JsonNode head = p.path("head_commit");
    String commit = head.path("id").asText(after);
    String author =
        first(
            head.path("author").path("username").asText(""),
            p.path("sender").path("login").asText(""),
            p.path("pusher").path("name").asText(""));
    String pusher =
        first(p.path("pusher").path("name").asText(""), p.path("sender").path("login").asText(""));
    String before = p.path("before").asText("");
    String defaultBranch = p.path("repository").path("default_branch").asText("");
    if (ref.startsWith("refs/tags/")) {
      String tag = ref.substring("refs/tags/".length());
      return new Event(
          new GitHubEvent(
              "tag",
              repository,
              "",
              "",
              tag,
              commit,
              "",
              head.path("url").asText(""),
              head.path("message").asText(""),
              author,
              head.path("author").path("email").asText(""),
              pusher,
              Optional.of(List.of()),
              0,
              defaultBranch),
          false);
    }
    if (!ref.startsWith("refs/heads/")) {
      return new Ignored("ref " + ref + " is neither a branch nor a tag");
    }
    String branch = ref.substring("refs/heads/".length());
    JsonNode commits = p.path("commits");
    Optional<List<String>> changed = Optional.empty();
    if (commits.isArray() && commits.size() > 0 && commits.size() < MAX_PAYLOAD_COMMITS) {
      Set<String> paths = new LinkedHashSet<>();
      for (JsonNode c : commits) {
        for (String list : List.of("added", "modified", "removed")) {
          c.path(list).forEach(f -> paths.add(f.asText()));
        }
      }
      changed = Optional.of(List.copyOf(paths));
    }
    // for a new branch, compare against the default branch; otherwise against the previous head
    String base = NULL_SHA.equals(before) || before.isEmpty() ? defaultBranch : before;
    return new Event(
        new GitHubEvent(
            "push",
            repository,
            branch,
            branch,
            "",
            commit,
            base,
            head.path("url").asText(""),
            head.path("message").asText(""),
            author,
            head.path("author").path("email").asText(""),
            pusher,
            changed,
            0,
            defaultBranch),
        false);
  }

  private static Parsed pullRequest(JsonNode p) {
    String action = required(p, "action");
    if (!List.of("opened", "synchronize", "reopened").contains(action)) {
      return new Ignored("pull_request action \"" + action + "\" starts no pipelines");
    }
    JsonNode pr = p.path("pull_request");
    String repository = required(p.path("repository"), "full_name", "repository.full_name");
    int number = p.path("number").asInt(pr.path("number").asInt(0));
    String headRepo = pr.path("head").path("repo").path("full_name").asText(repository);
    return new Event(
        new GitHubEvent(
            "pull_request",
            repository,
            required(pr.path("head"), "ref", "pull_request.head.ref"),
            required(pr.path("base"), "ref", "pull_request.base.ref"),
            "",
            required(pr.path("head"), "sha", "pull_request.head.sha"),
            required(pr.path("base"), "sha", "pull_request.base.sha"),
            pr.path("html_url").asText(""),
            pr.path("title").asText(""),
            first(
                pr.path("user").path("login").asText(""),
                p.path("sender").path("login").asText("")),
            "",
            p.path("sender").path("login").asText(""),
            Optional.empty(),
            number,
            p.path("repository").path("default_branch").asText("")),
        !headRepo.equalsIgnoreCase(repository));
  }

  private static Parsed release(JsonNode p) {
    String action = required(p, "action");
    if (!"published".equals(action)) {
      return new Ignored("release action \"" + action + "\" starts no pipelines");
    }
    JsonNode r = p.path("release");
    String tag = required(r, "tag_name", "release.tag_name");
    String repository = required(p.path("repository"), "full_name", "repository.full_name");
    // the tag is the ref a release's files are read at; GitHub resolves it like a commit
    return new Event(
        new GitHubEvent(
            "release",
            repository,
            "",
            "",
            tag,
            tag,
            "",
            r.path("html_url").asText(""),
            r.path("name").asText(tag),
            first(
                r.path("author").path("login").asText(""),
                p.path("sender").path("login").asText("")),
            "",
            p.path("sender").path("login").asText(""),
            Optional.of(List.of()),
            0,
            p.path("repository").path("default_branch").asText("")),
        false);
  }

  private static String required(JsonNode node, String field) {
    return required(node, field, field);
  }

  private static String required(JsonNode node, String field, String path) {
    JsonNode v = node.path(field);
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw new MalformedPayloadException("the payload has no " + path);
    }
    return v.asText();
  }

  private static String first(String... values) {
    for (String v : values) {
      if (!v.isEmpty()) {
        return v;
      }
    }
    return "";
  }
}
