package dev.gennaker.core.cluster;

import dev.gennaker.core.tenant.TenantId;
import java.util.List;
import java.util.Objects;

/**
 * Hears of drift an agent reported: an object Gennaker deployed was changed or deleted outside
 * Gennaker. Told after the drift is recorded in the audit log. Implementations (Slack) must never
 * throw into the caller and never block it: delivery is theirs to retry or drop. The same drift may
 * be told twice (an agent re-posts a batch it could not confirm).
 */
@FunctionalInterface
public interface DriftListener {

  /**
   * One drifted object, as the agent of {@code clusterId} reported it.
   *
   * @param fields the changed fields ({@code spec.replicas}); empty for a deletion
   * @param managers the field managers that changed it ({@code kubectl-edit}); empty when unknown
   * @param message the agent's one-line description
   * @param observedAt when the agent saw it, ISO-8601 as reported (may be empty)
   */
  record Drift(
      TenantId tenant,
      String clusterId,
      String kind,
      String namespace,
      String name,
      List<String> fields,
      List<String> managers,
      String message,
      String observedAt) {
    public Drift {
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(clusterId, "clusterId");
      kind = kind == null ? "" : kind;
      namespace = namespace == null ? "" : namespace;
      name = name == null ? "" : name;
      fields = List.copyOf(fields);
      managers = List.copyOf(managers);
      message = message == null ? "" : message;
      observedAt = observedAt == null ? "" : observedAt;
    }

    /** True when the object was deleted (no field changed). */
    public boolean deleted() {
      return fields.isEmpty();
    }
  }

  void driftDetected(Drift drift);

  /** A listener that hears nothing. */
  DriftListener NONE = drift -> {};
}
