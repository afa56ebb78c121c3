package dev.gennaker.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.core.manifest.ImageReference;
import dev.gennaker.core.trigger.ExecutionIds;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads container registry push notifications: Docker Hub's webhook, GitHub's {@code package} event
 * for GitHub Container Registry, CloudEvents (structured or binary mode) and a plain JSON shape
 * ({@code {"repository": ..., "tag": ..., "digest": ...}}), into one image push.
 */
final class RegistryPayloads {
  private RegistryPayloads() {}

  /** A pushed image, who pushed it, and an id that is the same for a redelivery. */
  record ImagePush(ImageReference image, String registry, String pusher, String deliveryId) {}

  /** What a notification means. */
  sealed interface Parsed permits Push, Ignored {}

  record Push(ImagePush push) implements Parsed {}

  record Ignored(String reason) implements Parsed {}

  static final class MalformedNotificationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedNotificationException(String message) {
      super(message);
    }
  }

  static Parsed parse(HttpRequest request, JsonNode body) {
    Optional<String> gitHubEvent = request.header("X-GitHub-Event");
    if (gitHubEvent.isPresent()) {
      return gitHub(gitHubEvent.get(), request.header("X-GitHub-Delivery").orElse(""), body);
    }
    if (request.header("ce-specversion").isPresent()) {
      return new Push(
          generic(
              body,
              "cloudevents",
              request.header("ce-source").orElse("") + "/" + request.header("ce-id").orElse("")));
    }
    if (body.has("specversion")) {
      JsonNode data = body.path("data");
      if (!data.isObject()) {
        throw new MalformedNotificationException("the CloudEvent has no data object");
      }
      return new Push(
          generic(
              data,
              "cloudevents",
              body.path("source").asText("") + "/" + body.path("id").asText("")));
    }
    if (body.has("push_data")) {
      return new Push(dockerHub(body));
    }
    return new Push(
        generic(
            body,
            "generic",
            request
                .header("Idempotency-Key")
                .or(() -> request.header("X-Delivery-Id"))
                .orElse("")));
  }

  private static Parsed gitHub(String event, String delivery, JsonNode body) {
    if (event.equals("ping")) {
      return new Ignored("ping");
    }
    if (!event.equals("package") && !event.equals("registry_package")) {
      return new Ignored("GitHub event \"" + event + "\" is not a package event");
    }
    if (!body.path("action").asText("").equals("published")) {
      return new Ignored(
          "package action \"" + body.path("action").asText("") + "\" starts nothing");
    }
    JsonNode pkg = body.has("package") ? body.path("package") : body.path("registry_package");
    String type =
        pkg.path("package_type").asText(pkg.path("ecosystem").asText("")).toLowerCase(Locale.ROOT);
    if (!type.equals("container") && !type.equals("docker")) {
      return new Ignored("package type \"" + type + "\" is not a container image");
    }
    String owner = text(pkg.path("owner"), "login", "package.owner.login");
    String name = text(pkg, "name", "package.name");
    JsonNode version = pkg.path("package_version");
    JsonNode tag = version.path("container_metadata").path("tag");
    String tagName = tag.path("name").asText("");
    String digest = tag.path("digest").asText(version.path("version").asText(""));
    ImageReference image =
        image(
            "ghcr.io/" + owner.toLowerCase(Locale.ROOT) + "/" + name.toLowerCase(Locale.ROOT),
            tagName,
            digest);
    String id = delivery.isEmpty() ? ExecutionIds.derive("ghcr", image.toString()) : delivery;
    return new Push(
        new ImagePush(image, "ghcr.io", body.path("sender").path("login").asText(""), id));
  }

  private static ImagePush dockerHub(JsonNode body) {
    String repo = text(body.path("repository"), "repo_name", "repository.repo_name");
    String tag = text(body.path("push_data"), "tag", "push_data.tag");
    ImageReference image = image("docker.io/" + repo, tag, "");
    String pushedAt = body.path("push_data").path("pushed_at").asText("");
    return new ImagePush(
        image,
        "docker.io",
        body.path("push_data").path("pusher").asText(""),
        ExecutionIds.derive("hub", repo, tag, pushedAt));
  }

  private static ImagePush generic(JsonNode data, String registry, String deliveryHint) {
    ImageReference image;
    if (data.hasNonNull("image") && !data.hasNonNull("repository")) {
      try {
        image = ImageReference.parse(data.path("image").asText());
      } catch (IllegalArgumentException e) {
        throw new MalformedNotificationException(e.getMessage());
      }
    } else {
      image =
          image(
              text(data, "repository", "repository"),
              data.path("tag").asText(""),
              data.path("digest").asText(""));
    }
    String id =
        deliveryHint.replace("/", "").isEmpty()
            ? ExecutionIds.derive("img", image.toString())
            : ExecutionIds.derive("img", deliveryHint);
    return new ImagePush(image, registry, data.path("pusher").asText(""), id);
  }

  private static ImageReference image(String repository, String tag, String digest) {
    String text =
        repository + (tag.isEmpty() ? "" : ":" + tag) + (digest.isEmpty() ? "" : "@" + digest);
    try {
      return ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedNotificationException(e.getMessage());
    }
  }

  private static String text(JsonNode node, String field, String path) {
    JsonNode v = node.path(field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new MalformedNotificationException("the notification has no " + path);
    }
    return v.asText();
  }
}
