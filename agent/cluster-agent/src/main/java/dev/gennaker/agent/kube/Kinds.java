package dev.gennaker.agent.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The namespaced kinds the agent manages by name, and their model classes. */
public final class Kinds {

  /** Kinds the agent can patch, scale, delete and watch, in apply order (config first). */
  public static final Map<String, Class<? extends HasMetadata>> MANAGED;

  static {
    Map<String, Class<? extends HasMetadata>> m = new LinkedHashMap<>();
    m.put("ServiceAccount", ServiceAccount.class);
    m.put("Role", Role.class);
    m.put("RoleBinding", RoleBinding.class);
    m.put("ConfigMap", ConfigMap.class);
    m.put("Secret", Secret.class);
    m.put("PersistentVolumeClaim", PersistentVolumeClaim.class);
    m.put("Service", Service.class);
    m.put("Deployment", Deployment.class);
    m.put("StatefulSet", StatefulSet.class);
    m.put("DaemonSet", DaemonSet.class);
    m.put("ReplicaSet", ReplicaSet.class);
    m.put("Job", Job.class);
    m.put("CronJob", CronJob.class);
    m.put("Pod", Pod.class);
    m.put("Ingress", Ingress.class);
    m.put("NetworkPolicy", NetworkPolicy.class);
    m.put("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);
    m.put("PodDisruptionBudget", PodDisruptionBudget.class);
    MANAGED = java.util.Collections.unmodifiableMap(m);
  }

  private Kinds() {}

  /** The model class of a kind, matched case-insensitively ("deployment" works). */
  public static Optional<Class<? extends HasMetadata>> byName(String kind) {
    if (kind == null) {
      return Optional.empty();
    }
    return MANAGED.entrySet().stream()
        .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(kind.toLowerCase(Locale.ROOT)))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /** The canonical kind name for a name matched case-insensitively. */
  public static String canonical(String kind) {
    return MANAGED.keySet().stream().filter(k -> k.equalsIgnoreCase(kind)).findFirst().orElse(kind);
  }

  /**
   * Apply order: namespaced config and RBAC first, then services, then workloads, then the rest.
   */
  public static int order(HasMetadata o) {
    int i = 0;
    for (String k : MANAGED.keySet()) {
      if (k.equals(o.getKind())) {
        return i;
      }
      i++;
    }
    return i;
  }
}
