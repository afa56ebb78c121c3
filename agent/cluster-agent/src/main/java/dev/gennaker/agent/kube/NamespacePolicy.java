package dev.gennaker.agent.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The agent's namespace allow-list: it refuses any command that touches another namespace. */
public final class NamespacePolicy {

  private final Set<String> allowed;

  public NamespacePolicy(Set<String> allowed) {
    this.allowed = Set.copyOf(allowed);
  }

  public List<String> allowed() {
    return List.copyOf(new TreeSet<>(allowed));
  }

  /** Throws {@link CommandRefusedException} unless {@code namespace} is allowed. */
  public void check(String namespace) {
    if (namespace == null || namespace.isBlank()) {
      throw new CommandRefusedException("the command names no target namespace");
    }
    if (!allowed.contains(namespace)) {
      throw new CommandRefusedException(
          "namespace \""
              + namespace
              + "\" is not in this agent's allow-list "
              + allowed()
              + "; add it to GENNAKER_NAMESPACES (and grant the agent a Role there) to deploy to it");
    }
  }

  /**
   * Checks every object of a manifest set before anything is applied: namespaced kinds only, each
   * in an allowed namespace.
   */
  public void check(List<HasMetadata> objects, String defaultNamespace) {
    for (HasMetadata o : objects) {
      if (!(o instanceof Namespaced)
          && !(o instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource)) {
        throw new CommandRefusedException(
            o.getKind()
                + " "
                + o.getMetadata().getName()
                + " is cluster-scoped; the agent manages namespaced objects only (its Roles do not"
                + " reach cluster-scoped kinds)");
      }
      String ns =
          o.getMetadata().getNamespace() == null
              ? defaultNamespace
              : o.getMetadata().getNamespace();
      try {
        check(ns);
      } catch (CommandRefusedException e) {
        throw new CommandRefusedException(
            o.getKind() + " " + ns + "/" + o.getMetadata().getName() + ": " + e.getMessage());
      }
    }
  }
}
