package dev.gennaker.simcluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The simulated cluster's controllers, in one loop: the Deployment controller (ReplicaSets with
 * revision annotations, Pods, status and conditions, progress deadline), StatefulSet and DaemonSet
 * status, the Job controller, bare Pods, and garbage collection of owned objects. It talks to the
 * simulated API over HTTP like any controller, as field manager {@code simulated-controller}.
 *
 * <p>Failures are injected by image: {@link #failImagePull} makes pods of matching images stay in
 * {@code ErrImagePull} (Deployments then hit {@code ProgressDeadlineExceeded}, Jobs fail), {@link
 * #failReadiness} makes them crash-loop.
 */
final class RolloutSimulator implements AutoCloseable {

  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String HASH = "pod-template-hash";
  private static final String PROGRESS_START = "sim.gennaker.dev/progress-start";
  private static final Logger LOG = Logger.getLogger(RolloutSimulator.class.getName());

  private final KubernetesClient client;
  private final RolloutSettings settings;
  private final Clock clock;
  private final List<String> pullFailures = new CopyOnWriteArrayList<>();
  private final List<String> readinessFailures = new CopyOnWriteArrayList<>();
  private final Map<String, Long> starts = new ConcurrentHashMap<>();
  private final Set<String> eventsSent = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService loop;

  RolloutSimulator(KubernetesClient client, RolloutSettings settings, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "simulated-cluster-controllers");
              t.setDaemon(true);
              return t;
            });
    loop.scheduleWithFixedDelay(
        this::tickSafely, 0, settings.tick().toMillis(), TimeUnit.MILLISECONDS);
  }

  void failImagePull(String imageFragment) {
    pullFailures.add(imageFragment);
  }

  void failReadiness(String imageFragment) {
    readinessFailures.add(imageFragment);
  }

  void clearFailures() {
    pullFailures.clear();
    readinessFailures.clear();
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "simulated controllers: tick failed, retrying next tick", e);
    }
  }

  void tick() {
    List<ReplicaSet> allRs = client.apps().replicaSets().inAnyNamespace().list().getItems();
    List<Pod> allPods = client.pods().inAnyNamespace().list().getItems();
    Map<String, List<ReplicaSet>> rsByOwner = byOwner(allRs);
    Map<String, List<Pod>> podsByOwner = byOwner(allPods);
    Set<String> live = new java.util.HashSet<>();
    for (Deployment d : client.apps().deployments().inAnyNamespace().list().getItems()) {
      live.add(d.getMetadata().getUid());
      guarded(() -> deployment(d, rsByOwner.getOrDefault(d.getMetadata().getUid(), List.of())));
    }
    for (ReplicaSet rs : allRs) {
      live.add(rs.getMetadata().getUid());
      guarded(
          () ->
              pods(
                  rs.getMetadata().getNamespace(),
                  rs.getMetadata().getName(),
                  owner(rs),
                  rs.getSpec().getTemplate(),
                  rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas(),
                  readyOf(rs),
                  podsByOwner.getOrDefault(rs.getMetadata().getUid(), List.of()),
                  false));
    }
    for (StatefulSet s : client.apps().statefulSets().inAnyNamespace().list().getItems()) {
      guarded(() -> statefulSet(s));
    }
    for (DaemonSet s : client.apps().daemonSets().inAnyNamespace().list().getItems()) {
      guarded(() -> daemonSet(s));
    }
    for (Job j : client.batch().v1().jobs().inAnyNamespace().list().getItems()) {
      live.add(j.getMetadata().getUid());
      guarded(() -> job(j, podsByOwner.getOrDefault(j.getMetadata().getUid(), List.of())));
    }
    for (Pod p : allPods) {
      if (p.getMetadata().getOwnerReferences() == null
          || p.getMetadata().getOwnerReferences().isEmpty()) {
        guarded(() -> barePod(p));
      }
    }
    collectGarbage(allRs, live);
    collectGarbage(allPods, live);
  }

  private void deployment(Deployment d, List<ReplicaSet> owned) {
    String ns = d.getMetadata().getNamespace();
    String name = d.getMetadata().getName();
    PodTemplateSpec template = d.getSpec().getTemplate();
    String hash = hash(template);
    int desired = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
    long maxRev = owned.stream().mapToLong(RolloutSimulator::revision).max().orElse(0);
    long now = clock.millis();
    ReplicaSet current =
        owned.stream().filter(rs -> hash.equals(labels(rs).get(HASH))).findFirst().orElse(null);
    if (current == null) {
      Map<String, String> podLabels = new LinkedHashMap<>(labelsOf(template));
      podLabels.put(HASH, hash);
      PodTemplateSpec rsTemplate = Serialization.clone(template);
      if (rsTemplate.getMetadata() == null) {
        rsTemplate.setMetadata(new ObjectMetaBuilder().build());
      }
      rsTemplate.getMetadata().setLabels(podLabels);
      Map<String, String> selector = new LinkedHashMap<>();
      if (d.getSpec().getSelector() != null && d.getSpec().getSelector().getMatchLabels() != null) {
        selector.putAll(d.getSpec().getSelector().getMatchLabels());
      }
      selector.put(HASH, hash);
      ReplicaSet rs =
          new ReplicaSetBuilder()
              .withMetadata(
                  new ObjectMetaBuilder()
                      .withName(name + "-" + hash)
                      .withNamespace(ns)
                      .withLabels(podLabels)
                      .addToAnnotations(REVISION, String.valueOf(maxRev + 1))
                      .addToAnnotations(PROGRESS_START, String.valueOf(now))
                      .withOwnerReferences(ownerRef(d))
                      .build())
              .withNewSpec()
              .withReplicas(0)
              .withNewSelector()
              .withMatchLabels(selector)
              .endSelector()
              .withTemplate(rsTemplate)
              .endSpec()
              .build();
      client.apps().replicaSets().inNamespace(ns).resource(rs).create();
      return;
    }
    if (revision(current) < maxRev) {
      // A rollback: the old ReplicaSet becomes the newest revision, as in Kubernetes.
      current.getMetadata().getAnnotations().put(REVISION, String.valueOf(maxRev + 1));
      current.getMetadata().getAnnotations().put(PROGRESS_START, String.valueOf(now));
      client.apps().replicaSets().inNamespace(ns).resource(current).update();
      return;
    }
    long start =
        Long.parseLong(
            current.getMetadata().getAnnotations().getOrDefault(PROGRESS_START, "" + now));
    long elapsed = now - start;
    List<String> images = images(template.getSpec());
    boolean stuck = matches(images, pullFailures) || matches(images, readinessFailures);
    int steps = steps(elapsed);
    int updated = stuck ? Math.min(desired, 1) : Math.min(desired, sat(steps + 1));
    int newReady = stuck ? 0 : Math.min(desired, steps);
    List<ReplicaSet> old =
        owned.stream()
            .filter(rs -> rs != current)
            .sorted((a, b) -> Long.compare(revision(b), revision(a)))
            .toList();
    int remainder = Math.max(0, desired - newReady);
    int oldTotal = 0;
    boolean assigned = false;
    for (ReplicaSet rs : old) {
      int had = Optional.ofNullable(rs.getSpec().getReplicas()).orElse(0);
      int want = 0;
      if (!assigned && had > 0) {
        // Old pods go away as new ones become ready (a rolling update with maxUnavailable 0).
        want = Math.min(had, remainder);
        assigned = true;
      }
      oldTotal += want;
      scaleReplicaSet(rs, want, want);
    }
    scaleReplicaSet(current, updated, newReady);

    Duration deadline =
        settings.progressDeadline() != null
            ? settings.progressDeadline()
            : Duration.ofSeconds(
                Optional.ofNullable(d.getSpec().getProgressDeadlineSeconds()).orElse(600));
    boolean complete = newReady >= desired && oldTotal == 0;
    String rsName = current.getMetadata().getName();
    String ts = Instant.ofEpochMilli(now).truncatedTo(ChronoUnit.SECONDS).toString();
    DeploymentCondition progressing;
    if (complete) {
      progressing =
          condition(
              "Progressing",
              "True",
              "NewReplicaSetAvailable",
              "ReplicaSet \"" + rsName + "\" has successfully progressed.",
              ts);
    } else if (elapsed > deadline.toMillis()) {
      progressing =
          condition(
              "Progressing",
              "False",
              "ProgressDeadlineExceeded",
              "ReplicaSet \"" + rsName + "\" has timed out progressing.",
              ts);
    } else {
      progressing =
          condition(
              "Progressing",
              "True",
              "ReplicaSetUpdated",
              "ReplicaSet \"" + rsName + "\" is progressing.",
              ts);
    }
    int available = newReady + oldTotal;
    boolean minAvailable = available >= desired - desired / 4;
    DeploymentCondition availableCondition =
        condition(
            "Available",
            minAvailable ? "True" : "False",
            minAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            minAvailable
                ? "Deployment has minimum availability."
                : "Deployment does not have minimum availability.",
            ts);
    DeploymentStatus status =
        new DeploymentStatusBuilder()
            .withObservedGeneration(d.getMetadata().getGeneration())
            .withReplicas(updated + oldTotal)
            .withUpdatedReplicas(updated)
            .withReadyReplicas(available)
            .withAvailableReplicas(available)
            .withUnavailableReplicas(Math.max(0, updated + oldTotal - available))
            .withConditions(keepTransition(d, availableCondition), keepTransition(d, progressing))
            .build();
    String revision = String.valueOf(revision(current));
    if (!revision.equals(annotations(d).get(REVISION))) {
      Deployment copy = Serialization.clone(d);
      copy.getMetadata().getAnnotations().put(REVISION, revision);
      client
          .apps()
          .deployments()
          .inNamespace(ns)
          .withName(name)
          .patch(
              io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                  io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\"" + REVISION + "\":\"" + revision + "\"}}}");
      return;
    }
    if (!Objects.equals(comparable(d.getStatus()), comparable(status))) {
      d.setStatus(status);
      client.apps().deployments().inNamespace(ns).resource(d).updateStatus();
    }
  }

  private void scaleReplicaSet(ReplicaSet rs, int replicas, int ready) {
    Integer current = rs.getSpec().getReplicas();
    var status =
        new ReplicaSetStatusBuilder()
            .withReplicas(replicas)
            .withReadyReplicas(ready)
            .withAvailableReplicas(ready)
            .withFullyLabeledReplicas(replicas)
            .withObservedGeneration(rs.getMetadata().getGeneration())
            .build();
    if (!Objects.equals(current, replicas)) {
      rs.getSpec().setReplicas(replicas);
      rs.setStatus(status);
      client
          .apps()
          .replicaSets()
          .inNamespace(rs.getMetadata().getNamespace())
          .resource(rs)
          .update();
    } else if (!Objects.equals(comparable(rs.getStatus()), comparable(status))) {
      rs.setStatus(status);
      client
          .apps()
          .replicaSets()
          .inNamespace(rs.getMetadata().getNamespace())
          .resource(rs)
          .updateStatus();
    }
  }

  private static int readyOf(ReplicaSet rs) {
    return rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null
        ? 0
        : rs.getStatus().getReadyReplicas();
  }

  /** Keeps exactly {@code replicas} pods of an owner, the first {@code ready} of them ready. */
  private void pods(
      String ns,
      String baseName,
      OwnerReference owner,
      PodTemplateSpec template,
      int replicas,
      int ready,
      List<Pod> existing,
      boolean job) {
    Map<String, Pod> byName = new HashMap<>();
    existing.forEach(p -> byName.put(p.getMetadata().getName(), p));
    for (int i = 0; i < replicas; i++) {
      String podName = baseName + "-" + i;
      PodStatus status = podStatus(template.getSpec(), i < ready, podName, ns, false, false);
      Pod pod = byName.remove(podName);
      if (pod == null) {
        Map<String, String> podLabels = new LinkedHashMap<>(labelsOf(template));
        pod =
            new PodBuilder()
                .withMetadata(
                    new ObjectMetaBuilder()
                        .withName(podName)
                        .withNamespace(ns)
                        .withLabels(podLabels)
                        .withAnnotations(annotationsOf(template))
                        .withOwnerReferences(owner)
                        .build())
                .withSpec(template.getSpec())
                .withStatus(status)
                .build();
        client.pods().inNamespace(ns).resource(pod).create();
      } else if (!Objects.equals(comparable(pod.getStatus()), comparable(status))) {
        pod.setStatus(status);
        client.pods().inNamespace(ns).resource(pod).updateStatus();
      }
    }
    if (!job) {
      for (Pod extra : byName.values()) {
        client.pods().inNamespace(ns).resource(extra).delete();
      }
    }
  }

  private PodStatus podStatus(
      PodSpec spec, boolean ready, String podName, String ns, boolean succeeded, boolean failed) {
    List<ContainerStatus> containers = new ArrayList<>();
    String phase = ready ? "Running" : "Pending";
    for (var c : spec.getContainers()) {
      var b =
          new ContainerStatusBuilder()
              .withName(c.getName())
              .withImage(c.getImage())
              .withReady(ready)
              .withRestartCount(0);
      if (succeeded || failed) {
        b.withReady(false)
            .withState(
                new ContainerStateBuilder()
                    .withNewTerminated()
                    .withExitCode(failed ? 1 : 0)
                    .withReason(failed ? "Error" : "Completed")
                    .endTerminated()
                    .build());
      } else if (matches(List.of(c.getImage()), pullFailures)) {
        b.withState(
            new ContainerStateBuilder()
                .withNewWaiting()
                .withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"" + c.getImage() + "\"")
                .endWaiting()
                .build());
        warn(
            ns,
            podName,
            "Failed",
            "Failed to pull image \""
                + c.getImage()
                + "\": rpc error: code = NotFound desc = failed to pull and unpack image \""
                + c.getImage()
                + "\": not found");
      } else if (matches(List.of(c.getImage()), readinessFailures)) {
        b.withRestartCount(3)
            .withState(
                new ContainerStateBuilder()
                    .withNewWaiting()
                    .withReason("CrashLoopBackOff")
                    .withMessage("back-off 40s restarting failed container=" + c.getName())
                    .endWaiting()
                    .build());
        phase = "Running";
        warn(
            ns,
            podName,
            "BackOff",
            "Back-off restarting failed container " + c.getName() + " in pod " + podName);
      } else if (ready) {
        b.withState(new ContainerStateBuilder().withNewRunning().endRunning().build());
      } else {
        b.withState(
            new ContainerStateBuilder()
                .withNewWaiting()
                .withReason("ContainerCreating")
                .endWaiting()
                .build());
      }
      containers.add(b.build());
    }
    if (succeeded) {
      phase = "Succeeded";
    } else if (failed) {
      phase = "Failed";
    }
    PodCondition readyCondition =
        new PodConditionBuilder()
            .withType("Ready")
            .withStatus(ready ? "True" : "False")
            .withReason(ready ? null : "ContainersNotReady")
            .build();
    return new PodStatusBuilder()
        .withPhase(phase)
        .withConditions(readyCondition)
        .withContainerStatuses(containers)
        .build();
  }

  private void warn(String ns, String podName, String reason, String message) {
    String name = podName + "." + reason.toLowerCase(java.util.Locale.ROOT);
    if (!eventsSent.add(ns + "/" + name)) {
      return;
    }
    String ts = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    client
        .v1()
        .events()
        .inNamespace(ns)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withType("Warning")
                .withReason(reason)
                .withMessage(message)
                .withCount(1)
                .withFirstTimestamp(ts)
                .withLastTimestamp(ts)
                .withNewInvolvedObject()
                .withKind("Pod")
                .withName(podName)
                .withNamespace(ns)
                .endInvolvedObject()
                .withNewSource()
                .withComponent("kubelet")
                .endSource()
                .build())
        .createOr(existing -> existing.update());
  }

  private void statefulSet(StatefulSet s) {
    int desired = Optional.ofNullable(s.getSpec().getReplicas()).orElse(1);
    String hash = hash(s.getSpec().getTemplate());
    Progress p = progress(s, hash, s.getSpec().getTemplate().getSpec(), desired);
    var status =
        new StatefulSetStatusBuilder()
            .withObservedGeneration(s.getMetadata().getGeneration())
            .withReplicas(desired)
            .withCurrentReplicas(p.updated())
            .withUpdatedReplicas(p.updated())
            .withReadyReplicas(p.ready())
            .withAvailableReplicas(p.ready())
            .withCurrentRevision(s.getMetadata().getName() + "-" + hash)
            .withUpdateRevision(s.getMetadata().getName() + "-" + hash)
            .build();
    if (!Objects.equals(comparable(s.getStatus()), comparable(status))) {
      s.setStatus(status);
      client
          .apps()
          .statefulSets()
          .inNamespace(s.getMetadata().getNamespace())
          .resource(s)
          .updateStatus();
    }
  }

  private void daemonSet(DaemonSet s) {
    int desired = settings.nodes();
    String hash = hash(s.getSpec().getTemplate());
    Progress p = progress(s, hash, s.getSpec().getTemplate().getSpec(), desired);
    var status =
        new DaemonSetStatusBuilder()
            .withObservedGeneration(s.getMetadata().getGeneration())
            .withDesiredNumberScheduled(desired)
            .withCurrentNumberScheduled(desired)
            .withUpdatedNumberScheduled(p.updated())
            .withNumberReady(p.ready())
            .withNumberAvailable(p.ready())
            .withNumberUnavailable(desired - p.ready())
            .withNumberMisscheduled(0)
            .build();
    if (!Objects.equals(comparable(s.getStatus()), comparable(status))) {
      s.setStatus(status);
      client
          .apps()
          .daemonSets()
          .inNamespace(s.getMetadata().getNamespace())
          .resource(s)
          .updateStatus();
    }
  }

  private record Progress(int updated, int ready) {}

  private Progress progress(HasMetadata owner, String hash, PodSpec spec, int desired) {
    long now = clock.millis();
    long start = starts.computeIfAbsent(owner.getMetadata().getUid() + "/" + hash, k -> now);
    List<String> images = images(spec);
    boolean stuck = matches(images, pullFailures) || matches(images, readinessFailures);
    int steps = steps(now - start);
    return new Progress(
        stuck ? Math.min(desired, 1) : Math.min(desired, sat(steps + 1)),
        stuck ? 0 : Math.min(desired, steps));
  }

  private void job(Job j, List<Pod> pods) {
    if (j.getStatus() != null
        && j.getStatus().getConditions() != null
        && !j.getStatus().getConditions().isEmpty()) {
      return;
    }
    String ns = j.getMetadata().getNamespace();
    long now = clock.millis();
    long start = starts.computeIfAbsent(j.getMetadata().getUid(), k -> now);
    PodTemplateSpec template = Serialization.clone(j.getSpec().getTemplate());
    Map<String, String> podLabels = new LinkedHashMap<>(labelsOf(template));
    podLabels.put("job-name", j.getMetadata().getName());
    podLabels.put("controller-uid", j.getMetadata().getUid());
    if (template.getMetadata() == null) {
      template.setMetadata(new ObjectMetaBuilder().build());
    }
    template.getMetadata().setLabels(podLabels);
    List<String> images = images(template.getSpec());
    boolean fails = matches(images, pullFailures) || matches(images, readinessFailures);
    boolean done = now - start >= settings.jobDuration().toMillis() && !pods.isEmpty();
    if (pods.isEmpty()) {
      String base = j.getMetadata().getName() + "-" + j.getMetadata().getUid().substring(0, 5);
      pods(ns, base, owner(j), template, 1, 1, pods, true);
      return;
    }
    String ts = Instant.ofEpochMilli(now).truncatedTo(ChronoUnit.SECONDS).toString();
    if (!done) {
      if (j.getStatus() == null || j.getStatus().getActive() == null) {
        j.setStatus(new JobStatusBuilder().withActive(1).withStartTime(ts).build());
        client.batch().v1().jobs().inNamespace(ns).resource(j).updateStatus();
      }
      return;
    }
    Pod pod = pods.get(0);
    pod.setStatus(
        podStatus(template.getSpec(), false, pod.getMetadata().getName(), ns, !fails, fails));
    client.pods().inNamespace(ns).resource(pod).updateStatus();
    int backoff = Optional.ofNullable(j.getSpec().getBackoffLimit()).orElse(6);
    var status =
        fails
            ? new JobStatusBuilder()
                .withFailed(backoff + 1)
                .withStartTime(ts)
                .withConditions(
                    new JobConditionBuilder()
                        .withType("Failed")
                        .withStatus("True")
                        .withReason("BackoffLimitExceeded")
                        .withMessage("Job has reached the specified backoff limit")
                        .withLastTransitionTime(ts)
                        .build())
                .build()
            : new JobStatusBuilder()
                .withSucceeded(Optional.ofNullable(j.getSpec().getCompletions()).orElse(1))
                .withStartTime(ts)
                .withCompletionTime(ts)
                .withConditions(
                    new JobConditionBuilder()
                        .withType("Complete")
                        .withStatus("True")
                        .withLastTransitionTime(ts)
                        .build())
                .build();
    j.setStatus(status);
    client.batch().v1().jobs().inNamespace(ns).resource(j).updateStatus();
  }

  private void barePod(Pod p) {
    if (p.getStatus() != null && "Running".equals(p.getStatus().getPhase())) {
      return;
    }
    long now = clock.millis();
    long start = starts.computeIfAbsent(p.getMetadata().getUid(), k -> now);
    boolean ready =
        now - start >= settings.replicaStep().toMillis()
            && !matches(images(p.getSpec()), pullFailures)
            && !matches(images(p.getSpec()), readinessFailures);
    PodStatus status =
        podStatus(
            p.getSpec(),
            ready,
            p.getMetadata().getName(),
            p.getMetadata().getNamespace(),
            false,
            false);
    if (!Objects.equals(comparable(p.getStatus()), comparable(status))) {
      p.setStatus(status);
      client.pods().inNamespace(p.getMetadata().getNamespace()).resource(p).updateStatus();
    }
  }

  private void collectGarbage(List<? extends HasMetadata> objects, Set<String> live) {
    for (HasMetadata o : objects) {
      List<OwnerReference> owners = o.getMetadata().getOwnerReferences();
      if (owners != null
          && !owners.isEmpty()
          && owners.stream().noneMatch(r -> live.contains(r.getUid()))) {
        guarded(() -> client.resource(o).delete());
      }
    }
  }

  private int steps(long elapsedMillis) {
    long step = settings.replicaStep().toMillis();
    return step <= 0
        ? Integer.MAX_VALUE - 1
        : (int) Math.min(Integer.MAX_VALUE - 1, elapsedMillis / step);
  }

  private static int sat(int n) {
    return n < 0 ? Integer.MAX_VALUE : n;
  }

  private static DeploymentCondition condition(
      String type, String status, String reason, String message, String ts) {
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastUpdateTime(ts)
        .withLastTransitionTime(ts)
        .build();
  }

  /** Keeps timestamps of a condition that did not change, so status only moves when it must. */
  private static DeploymentCondition keepTransition(Deployment d, DeploymentCondition c) {
    if (d.getStatus() == null || d.getStatus().getConditions() == null) {
      return c;
    }
    for (DeploymentCondition old : d.getStatus().getConditions()) {
      if (old.getType().equals(c.getType())
          && Objects.equals(old.getStatus(), c.getStatus())
          && Objects.equals(old.getReason(), c.getReason())) {
        return old;
      }
    }
    return c;
  }

  private static JsonNode comparable(Object status) {
    return status == null ? null : Serialization.jsonMapper().valueToTree(status);
  }

  private static OwnerReference ownerRef(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  private static OwnerReference owner(HasMetadata owner) {
    return ownerRef(owner);
  }

  private static <T extends HasMetadata> Map<String, List<T>> byOwner(Collection<T> objects) {
    Map<String, List<T>> out = new HashMap<>();
    for (T o : objects) {
      if (o.getMetadata().getOwnerReferences() != null) {
        for (OwnerReference r : o.getMetadata().getOwnerReferences()) {
          out.computeIfAbsent(r.getUid(), k -> new ArrayList<>()).add(o);
        }
      }
    }
    return out;
  }

  static long revision(HasMetadata o) {
    String r = annotations(o).get(REVISION);
    return r == null ? 0 : Long.parseLong(r);
  }

  private static Map<String, String> annotations(HasMetadata o) {
    return o.getMetadata().getAnnotations() == null ? Map.of() : o.getMetadata().getAnnotations();
  }

  private static Map<String, String> labels(HasMetadata o) {
    return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
  }

  private static Map<String, String> labelsOf(PodTemplateSpec t) {
    return t.getMetadata() == null || t.getMetadata().getLabels() == null
        ? Map.of()
        : t.getMetadata().getLabels();
  }

  private static Map<String, String> annotationsOf(PodTemplateSpec t) {
    return t.getMetadata() == null || t.getMetadata().getAnnotations() == null
        ? Map.of()
        : t.getMetadata().getAnnotations();
  }

  private static List<String> images(PodSpec spec) {
    return spec == null
        ? List.of()
        : spec.getContainers().stream().map(c -> String.valueOf(c.getImage())).toList();
  }

  private static boolean matches(List<String> images, List<String> fragments) {
    return images.stream().anyMatch(i -> fragments.stream().anyMatch(i::contains));
  }

  /** Like Kubernetes' pod-template-hash: a short stable hash of the pod template. */
  static String hash(PodTemplateSpec template) {
    try {
      PodTemplateSpec t = Serialization.clone(template);
      if (t.getMetadata() != null && t.getMetadata().getLabels() != null) {
        t.getMetadata().getLabels().remove(HASH);
      }
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(Serialization.asJson(t).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Simulated logs of a pod: the template's {@code sim.gennaker.dev/logs}, or a default. */
  static String logs(JsonNode pod) {
    String configured =
        pod.path("metadata").path("annotations").path("sim.gennaker.dev/logs").asText(null);
    if (configured != null) {
      return configured.endsWith("\n") ? configured : configured + "\n";
    }
    StringBuilder b = new StringBuilder();
    for (JsonNode c : pod.path("spec").path("containers")) {
      b.append("[simulated] container ")
          .append(c.path("name").asText())
          .append(" started from ")
          .append(c.path("image").asText())
          .append('\n');
      List<String> cmd = new ArrayList<>();
      c.path("command").forEach(x -> cmd.add(x.asText()));
      c.path("args").forEach(x -> cmd.add(x.asText()));
      if (!cmd.isEmpty()) {
        b.append("[simulated] ran: ").append(String.join(" ", cmd)).append('\n');
      }
    }
    String phase = pod.path("status").path("phase").asText();
    if (phase.equals("Failed")) {
      b.append("[simulated] error: process exited with code 1\n");
    } else if (phase.equals("Succeeded")) {
      b.append("[simulated] done\n");
    }
    return b.toString();
  }

  private static void guarded(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      // Conflicts with a concurrent writer (the agent, a test) are retried on the next tick.
      LOG.log(Level.WARNING, "simulated controllers: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
