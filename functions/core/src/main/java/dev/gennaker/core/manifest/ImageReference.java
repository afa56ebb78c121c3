package dev.gennaker.core.manifest;

import java.util.Locale;
import java.util.Objects;

/**
 * A container image reference, {@code [registry/]path[:tag][@digest]}, with the repository
 * normalised the way container runtimes do ({@code nginx} is {@code docker.io/library/nginx}), so
 * that matching is by repository and never by substring.
 *
 * @param repository the normalised repository, e.g. {@code ghcr.io/acme/orders}
 * @param tag the tag, or null
 * @param digest the digest ({@code sha256:…}), or null
 */
public record ImageReference(String repository, String tag, String digest) {

  public ImageReference {
    Objects.requireNonNull(repository, "repository");
  }

  /** Parses a reference; throws {@link IllegalArgumentException} for one that is not. */
  public static ImageReference parse(String text) {
    if (text == null || text.isBlank() || text.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("not an image reference: \"" + text + "\"");
    }
    String rest = text;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!digest.matches("[a-z0-9]+:[a-fA-F0-9]{32,}")) {
        throw new IllegalArgumentException("not an image digest: \"" + digest + "\"");
      }
    }
    String tag = null;
    int lastSlash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!tag.matches("[\\w][\\w.-]{0,127}")) {
        throw new IllegalArgumentException("not an image tag: \"" + tag + "\"");
      }
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("not an image reference: \"" + text + "\"");
    }
    return new ImageReference(normalise(rest), tag, digest);
  }

  /** The repository as runtimes resolve it. */
  public static String normalise(String repository) {
    String[] parts = repository.split("/", 2);
    boolean hasRegistry =
        parts.length == 2
            && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost"));
    String registry = hasRegistry ? parts[0] : "docker.io";
    String path = hasRegistry ? parts[1] : repository;
    if (registry.equals("index.docker.io")) {
      registry = "docker.io";
    }
    if (registry.equals("docker.io") && !path.contains("/")) {
      path = "library/" + path;
    }
    return registry.toLowerCase(Locale.ROOT) + "/" + path;
  }

  /** The reference as text: repository, then {@code :tag}, then {@code @digest}. */
  @Override
  public String toString() {
    return repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }
}
