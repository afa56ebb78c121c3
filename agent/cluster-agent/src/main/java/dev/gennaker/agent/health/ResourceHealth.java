package dev.gennaker.agent.health;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One pure function per kind from an object, as read from the cluster, to its {@link Health}. Kinds
 * without a rollout (ConfigMap, Service, Ingress, RBAC…) are healthy once applied.
 */
public final class ResourceHealth {

  /** Container waiting reasons after which a pod will not become ready by itself. */
  private static final Set<String> STUCK =
      Set.of(
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "CrashLoopBackOff",
          "CreateContainerConfigError",
          "CreateContainerError");

  private ResourceHealth() {}

  /** The health of any object; {@code null} means it does not exist. */
  public static Health of(HasMetadata object) {
    if (object == null) {
      return new Health(HealthState.MISSING, "not found");
    }
    if (object instanceof Deployment d) {
      return deployment(d);
    }
    if (object instanceof StatefulSet s) {
      return statefulSet(s);
    }
    if (object instanceof DaemonSet s) {
      return daemonSet(s);
    }
    if (object instanceof Job j) {
      return job(j);
    }
    if (object instanceof Pod p) {
      return pod(p);
    }
    if (object instanceof PersistentVolumeClaim c) {
      String phase = c.getStatus() == null ? null : c.getStatus().getPhase();
      return "Lost".equals(phase)
          ? Health.degraded("claim lost its volume")
          : Health.healthy("applied" + (phase == null ? "" : " (" + phase + ")"));
    }
    return Health.healthy("applied");
  }

  static Health deployment(Deployment d) {
    int desired = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
    if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
      return new Health(HealthState.SUSPENDED, "rollout is paused");
    }
    var s = d.getStatus();
    if (s == null
        || s.getObservedGeneration() == null
        || s.getObservedGeneration() < generation(d)) {
      return Health.progressing("waiting for the rollout to be observed");
    }
    List<DeploymentCondition> conditions =
        s.getConditions() == null ? List.of() : s.getConditions();
    for (DeploymentCondition c : conditions) {
      if ("Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason())) {
        return Health.degraded(
            "condition Progressing="
                + c.getStatus()
                + " (ProgressDeadlineExceeded): "
                + c.getMessage());
      }
    }
    int updated = n(s.getUpdatedReplicas());
    int replicas = n(s.getReplicas());
    int available = n(s.getAvailableReplicas());
    if (updated < desired) {
      return Health.progressing(updated + "/" + desired + " replicas updated");
    }
    if (replicas > updated) {
      return Health.progressing(
          (replicas - updated)
              + " old replicas pending termination, "
              + updated
              + "/"
              + desired
              + " replicas updated");
    }
    if (available < updated) {
      return Health.progressing(available + "/" + desired + " replicas available");
    }
    return Health.healthy(available + "/" + desired + " replicas available");
  }

  static Health statefulSet(StatefulSet s) {
    int desired = Optional.ofNullable(s.getSpec().getReplicas()).orElse(1);
    var st = s.getStatus();
    if (st == null
        || st.getObservedGeneration() == null
        || st.getObservedGeneration() < generation(s)) {
      return Health.progressing("waiting for the rollout to be observed");
    }
    if (s.getSpec().getUpdateStrategy() != null
        && "OnDelete".equals(s.getSpec().getUpdateStrategy().getType())) {
      return Health.healthy("OnDelete update strategy: pods update when deleted");
    }
    if (n(st.getUpdatedReplicas()) < desired) {
      return Health.progressing(n(st.getUpdatedReplicas()) + "/" + desired + " replicas updated");
    }
    if (n(st.getReadyReplicas()) < desired) {
      return Health.progressing(n(st.getReadyReplicas()) + "/" + desired + " replicas ready");
    }
    if (st.getUpdateRevision() != null
        && !Objects.equals(st.getCurrentRevision(), st.getUpdateRevision())) {
      return Health.progressing("waiting for revision " + st.getUpdateRevision());
    }
    return Health.healthy(desired + "/" + desired + " replicas ready");
  }

  static Health daemonSet(DaemonSet s) {
    var st = s.getStatus();
    if (st == null
        || st.getObservedGeneration() == null
        || st.getObservedGeneration() < generation(s)) {
      return Health.progressing("waiting for the rollout to be observed");
    }
    int desired = n(st.getDesiredNumberScheduled());
    if (s.getSpec().getUpdateStrategy() != null
        && "OnDelete".equals(s.getSpec().getUpdateStrategy().getType())) {
      return Health.healthy("OnDelete update strategy: pods update when deleted");
    }
    if (n(st.getUpdatedNumberScheduled()) < desired) {
      return Health.progressing(
          n(st.getUpdatedNumberScheduled()) + "/" + desired + " pods updated");
    }
    if (n(st.getNumberAvailable()) < desired) {
      return Health.progressing(n(st.getNumberAvailable()) + "/" + desired + " pods available");
    }
    return Health.healthy(desired + "/" + desired + " pods available");
  }

  static Health job(Job j) {
    if (j.getStatus() != null && j.getStatus().getConditions() != null) {
      for (JobCondition c : j.getStatus().getConditions()) {
        if ("True".equals(c.getStatus()) && ("Failed".equals(c.getType()))) {
          return Health.degraded(
              "job failed: "
                  + c.getReason()
                  + (c.getMessage() == null ? "" : ": " + c.getMessage()));
        }
        if ("True".equals(c.getStatus()) && "Complete".equals(c.getType())) {
          return Health.healthy("job complete (" + n(j.getStatus().getSucceeded()) + " succeeded)");
        }
      }
    }
    if (Boolean.TRUE.equals(j.getSpec().getSuspend())) {
      return new Health(HealthState.SUSPENDED, "job is suspended");
    }
    int active = j.getStatus() == null ? 0 : n(j.getStatus().getActive());
    return Health.progressing("job running (" + active + " active)");
  }

  static Health pod(Pod p) {
    var st = p.getStatus();
    if (st == null) {
      return Health.progressing("pod pending");
    }
    if ("Succeeded".equals(st.getPhase())) {
      return Health.healthy("pod completed");
    }
    if ("Failed".equals(st.getPhase())) {
      return Health.degraded(
          "pod failed" + (st.getMessage() == null ? "" : ": " + st.getMessage()));
    }
    if (st.getContainerStatuses() != null) {
      for (ContainerStatus c : st.getContainerStatuses()) {
        if (c.getState() != null
            && c.getState().getWaiting() != null
            && STUCK.contains(c.getState().getWaiting().getReason())) {
          var w = c.getState().getWaiting();
          return Health.degraded(
              "container "
                  + c.getName()
                  + ": "
                  + w.getReason()
                  + (w.getMessage() == null ? "" : ": " + w.getMessage()));
        }
      }
    }
    boolean ready =
        st.getConditions() != null
            && st.getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    return ready ? Health.healthy("pod ready") : Health.progressing("pod not ready yet");
  }

  private static long generation(HasMetadata o) {
    return Optional.ofNullable(o.getMetadata().getGeneration()).orElse(0L);
  }

  private static int n(Integer i) {
    return i == null ? 0 : i;
  }
}
