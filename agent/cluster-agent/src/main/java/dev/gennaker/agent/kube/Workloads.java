package dev.gennaker.agent.kube;

import dev.gennaker.agent.controlplane.CommandResult.ObjectStatus;
import dev.gennaker.agent.health.Health;
import dev.gennaker.agent.health.HealthState;
import dev.gennaker.agent.health.ResourceHealth;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Server-side apply with Gennaker's field manager and tracking annotations, and waiting until what
 * was applied is stable. Shared by every command.
 */
public final class Workloads {

  /** Field manager of everything Gennaker applies. */
  public static final String FIELD_MANAGER = "gennaker";

  /** Label that lets the agent select what it manages; the annotations carry the details. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** Prefix of the tracking annotations (application, pipeline, execution, stage, version). */
  public static final String PREFIX = "gennaker.dev/";

  /** Annotation naming the command that last applied an object. */
  public static final String COMMAND = PREFIX + "command";

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration pollInterval;
  private final List<Consumer<HasMetadata>> deletionListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public Workloads(KubernetesClient client, Clock clock, Duration pollInterval) {
    this.client = client;
    this.clock = clock;
    this.pollInterval = pollInterval;
  }

  public KubernetesClient client() {
    return client;
  }

  /** Parses YAML documents; objects without a namespace get {@code defaultNamespace}. */
  public List<HasMetadata> parse(String yaml, String defaultNamespace) {
    if (yaml == null || yaml.isBlank()) {
      throw new CommandRefusedException("the command carries no manifests");
    }
    List<HasMetadata> items;
    try {
      items = client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    } catch (RuntimeException e) {
      throw new CommandRefusedException("the manifests cannot be read: " + rootMessage(e));
    }
    List<HasMetadata> out = new ArrayList<>();
    for (HasMetadata o : items) {
      if (o == null) {
        continue;
      }
      if (o.getMetadata() == null || o.getMetadata().getName() == null) {
        throw new CommandRefusedException("a " + o.getKind() + " in the manifests has no name");
      }
      if (o.getMetadata().getNamespace() == null) {
        o.getMetadata().setNamespace(defaultNamespace);
      }
      out.add(o);
    }
    out.sort(Comparator.comparingInt(Kinds::order));
    return out;
  }

  /**
   * Server-side applies one object as field manager {@code gennaker}, with the tracking annotations
   * and the managed-by label. Idempotent: applying the same object again changes nothing.
   *
   * @throws io.fabric8.kubernetes.client.KubernetesClientException 409 when other managers own
   *     fields this apply changes and {@code force} is false
   */
  public HasMetadata apply(
      HasMetadata object, Map<String, String> tracking, String commandId, boolean force) {
    HasMetadata o = Serialization.clone(object);
    o.getMetadata().setResourceVersion(null);
    o.getMetadata().setManagedFields(null);
    o.getMetadata().setUid(null);
    o.getMetadata().setCreationTimestamp(null);
    o.getMetadata().setGeneration(null);
    Map<String, String> annotations =
        o.getMetadata().getAnnotations() == null
            ? new HashMap<>()
            : new HashMap<>(o.getMetadata().getAnnotations());
    if (tracking != null) {
      tracking.forEach((k, v) -> annotations.put(PREFIX + k, v));
    }
    annotations.put(COMMAND, commandId);
    o.getMetadata().setAnnotations(annotations);
    Map<String, String> labels =
        o.getMetadata().getLabels() == null
            ? new HashMap<>()
            : new HashMap<>(o.getMetadata().getLabels());
    labels.put(MANAGED_BY, "gennaker");
    o.getMetadata().setLabels(labels);
    return client
        .resource(o)
        .inNamespace(o.getMetadata().getNamespace())
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(FIELD_MANAGER)
                .withForce(force)
                .build());
  }

  /**
   * Deletes an object on Gennaker's behalf and tells the listeners first, so that the drift watcher
   * does not report Gennaker's own deletions as drift. Idempotent: absent is fine.
   */
  public void delete(HasMetadata o) {
    if (o == null) {
      return;
    }
    deletionListeners.forEach(l -> l.accept(o));
    client.resource(o).inNamespace(o.getMetadata().getNamespace()).delete();
  }

  /** Registers a listener told about every deletion Gennaker makes. */
  public void onDelete(Consumer<HasMetadata> listener) {
    deletionListeners.add(listener);
  }

  /** The object as the cluster has it now, or null. */
  public HasMetadata current(HasMetadata o) {
    return client.resource(o).inNamespace(o.getMetadata().getNamespace()).get();
  }

  /**
   * Waits until every object is healthy, one is degraded, or the timeout passes; reports progress
   * through {@code progress} whenever the first unfinished object's message changes.
   */
  public Outcome waitStable(
      List<HasMetadata> objects, Duration timeout, Consumer<String> progress) {
    Instant deadline = clock.instant().plus(timeout);
    String lastProgress = null;
    while (true) {
      List<ObjectStatus> statuses = new ArrayList<>();
      HasMetadata firstPending = null;
      Health firstPendingHealth = null;
      for (HasMetadata o : objects) {
        HasMetadata now = current(o);
        Health h = ResourceHealth.of(now);
        statuses.add(
            new ObjectStatus(
                o.getKind(),
                o.getMetadata().getNamespace(),
                o.getMetadata().getName(),
                h.state().name(),
                h.message()));
        if (h.state() == HealthState.DEGRADED) {
          List<String> events = warningEvents(now);
          return new Outcome(false, describe(o) + " failed: " + h.message(), statuses, events);
        }
        if (h.state() != HealthState.HEALTHY
            && h.state() != HealthState.SUSPENDED
            && firstPending == null) {
          firstPending = o;
          firstPendingHealth = h;
        }
      }
      if (firstPending == null) {
        return new Outcome(
            true, objects.size() + " object(s) applied and stable", statuses, List.of());
      }
      String message = describe(firstPending) + ": " + firstPendingHealth.message();
      if (!message.equals(lastProgress)) {
        progress.accept(message);
        lastProgress = message;
      }
      if (!clock.instant().isBefore(deadline)) {
        return new Outcome(
            false,
            "timed out after " + timeout.toSeconds() + "s waiting for " + message,
            statuses,
            warningEvents(current(firstPending)));
      }
      pause(pollInterval);
    }
  }

  /** The last warning events of the pods of a workload (or of the object itself), newest last. */
  public List<String> warningEvents(HasMetadata workload) {
    if (workload == null) {
      return List.of();
    }
    String ns = workload.getMetadata().getNamespace();
    Map<String, String> podLabels = podSelector(workload);
    Set<String> names;
    if (podLabels != null && !podLabels.isEmpty()) {
      names =
          client.pods().inNamespace(ns).withLabels(podLabels).list().getItems().stream()
              .map(p -> p.getMetadata().getName())
              .collect(Collectors.toSet());
    } else {
      names = Set.of();
    }
    String selfName = workload.getMetadata().getName();
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()))
        .filter(
            e ->
                e.getInvolvedObject() != null
                    && (names.contains(e.getInvolvedObject().getName())
                        || (selfName.equals(e.getInvolvedObject().getName())
                            && workload.getKind().equals(e.getInvolvedObject().getKind()))))
        .sorted(Comparator.comparing(Workloads::eventTime))
        .map(
            e ->
                e.getInvolvedObject().getKind()
                    + " "
                    + e.getInvolvedObject().getName()
                    + ": "
                    + e.getReason()
                    + ": "
                    + e.getMessage())
        .collect(
            Collectors.collectingAndThen(
                Collectors.toList(), l -> l.subList(Math.max(0, l.size() - 5), l.size())));
  }

  private static String eventTime(Event e) {
    String t = e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getFirstTimestamp();
    return t == null ? "" : t;
  }

  /** The labels that select a workload's pods. */
  static Map<String, String> podSelector(HasMetadata o) {
    LabelSelector s = null;
    if (o instanceof Deployment d) {
      s = d.getSpec().getSelector();
    } else if (o instanceof StatefulSet st) {
      s = st.getSpec().getSelector();
    } else if (o instanceof DaemonSet ds) {
      s = ds.getSpec().getSelector();
    } else if (o instanceof Job j) {
      return Map.of("job-name", j.getMetadata().getName());
    } else if (o instanceof Pod p) {
      return p.getMetadata().getLabels();
    }
    return s == null ? null : s.getMatchLabels();
  }

  /** {@code Deployment shop/web}. */
  public static String describe(HasMetadata o) {
    return o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  /** The innermost cause's message, for one-line logs and results. */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** Waits between polls of the cluster. */
  void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandInterruptedException();
    }
  }

  public Clock clock() {
    return clock;
  }

  /**
   * The end of a wait.
   *
   * @param stable true when everything became healthy
   * @param message the sentence for the result
   * @param objects every object and its last health
   * @param events the last warning events of the failing object's pods
   */
  public record Outcome(
      boolean stable, String message, List<ObjectStatus> objects, List<String> events) {}

  /** The agent is stopping: the command is abandoned and will be redelivered. */
  public static final class CommandInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandInterruptedException() {
      super("interrupted: the agent is stopping");
    }
  }
}
