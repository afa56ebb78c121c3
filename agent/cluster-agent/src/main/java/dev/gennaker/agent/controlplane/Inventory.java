package dev.gennaker.agent.controlplane;

import java.util.List;

/**
 * Body of {@code POST /v1/agent/inventory}: every object the agent manages, as last seen.
 *
 * @param objects the managed objects
 */
public record Inventory(List<Item> objects) {

  /**
   * One managed object.
   *
   * @param application value of the {@code gennaker.dev/application} annotation
   * @param version value of the {@code gennaker.dev/version} annotation
   * @param resourceVersion the cluster's resource version when last seen
   */
  public record Item(
      String kind,
      String namespace,
      String name,
      String application,
      String version,
      String resourceVersion) {}
}
