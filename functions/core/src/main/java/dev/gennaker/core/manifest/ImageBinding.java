package dev.gennaker.core.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binds image artifacts (from the trigger, e.g. a registry push) into the {@code image:} fields of
 * containers whose image has the same repository. Other images are left as they are.
 */
public final class ImageBinding {
  private ImageBinding() {}

  /**
   * One container whose image was replaced.
   *
   * @param object {@code kind/name} of the workload
   */
  public record Bound(String object, String container, String from, String to) {}

  /** Replaces matching images in place and returns what was bound. */
  public static List<Bound> bind(List<ManifestObject> objects, List<ImageReference> artifacts) {
    List<Bound> bound = new ArrayList<>();
    if (artifacts.isEmpty()) {
      return bound;
    }
    for (ManifestObject o : objects) {
      Map<String, Object> pod = PodSpecs.of(o);
      if (pod == null) {
        continue;
      }
      for (Map<String, Object> container : PodSpecs.containers(pod)) {
        if (!(container.get("image") instanceof String image)) {
          continue;
        }
        ImageReference current;
        try {
          current = ImageReference.parse(image);
        } catch (IllegalArgumentException e) {
          continue; // a template placeholder or a typo: the agent's apply will report it
        }
        for (ImageReference artifact : artifacts) {
          if (artifact.repository().equals(current.repository())) {
            // Keep the repository as the user wrote it; only the version changes.
            String to =
                writtenRepository(image)
                    + (artifact.tag() == null ? "" : ":" + artifact.tag())
                    + (artifact.digest() == null ? "" : "@" + artifact.digest());
            if (!to.equals(image)) {
              container.put("image", to);
              bound.add(new Bound(o.id(), String.valueOf(container.get("name")), image, to));
            }
            break;
          }
        }
      }
    }
    return bound;
  }

  private static String writtenRepository(String image) {
    int at = image.indexOf('@');
    String rest = at < 0 ? image : image.substring(0, at);
    int colon = rest.lastIndexOf(':');
    return colon > rest.lastIndexOf('/') ? rest.substring(0, colon) : rest;
  }
}
