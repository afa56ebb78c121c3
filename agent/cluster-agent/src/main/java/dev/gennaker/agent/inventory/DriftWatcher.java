package dev.gennaker.agent.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.agent.controlplane.AgentEvent;
import dev.gennaker.agent.controlplane.Inventory;
import dev.gennaker.agent.kube.Kinds;
import dev.gennaker.agent.kube.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Watches every object labelled {@code app.kubernetes.io/managed-by=gennaker} in the allowed
 * namespaces and reports drift: a change of content (spec, data, labels, annotations other than
 * controllers' bookkeeping) whose {@code managedFields} show a manager other than {@code gennaker}.
 *
 * <p>Memory is bounded by the number of managed objects: per object it keeps a fingerprint (kind,
 * name, a content hash, a hash per field manager), never the object. Pending events are capped.
 * Thread-safe: watch callbacks arrive on the client's threads.
 */
public final class DriftWatcher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(DriftWatcher.class.getName());
  private static final int MAX_PENDING_EVENTS = 500;
  private static final Set<String> WATCHED =
      Set.of(
          "ServiceAccount",
          "Role",
          "RoleBinding",
          "ConfigMap",
          "Secret",
          "Service",
          "Deployment",
          "StatefulSet",
          "DaemonSet",
          "Job",
          "CronJob",
          "Ingress",
          "NetworkPolicy",
          "HorizontalPodAutoscaler",
          "PodDisruptionBudget",
          "PersistentVolumeClaim");

  /** Annotations controllers and kubectl write: not drift. */
  private static final List<String> BOOKKEEPING =
      List.of("deployment.kubernetes.io/", "kubectl.kubernetes.io/last-applied-configuration");

  private final KubernetesClient client;
  private final List<String> namespaces;
  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
  private final Set<String> expectedDeletions = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<AgentEvent> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pendingCount = new AtomicInteger();
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private volatile boolean synced;
  private volatile boolean closed;

  public DriftWatcher(KubernetesClient client, List<String> namespaces) {
    this.client = client;
    this.namespaces = List.copyOf(namespaces);
  }

  /** Lists what is managed now, then watches for changes. */
  public void start() {
    for (String ns : namespaces) {
      for (String kind : WATCHED) {
        Class<? extends HasMetadata> type = Kinds.byName(kind).orElseThrow();
        watch(type, ns);
      }
    }
    synced = true;
    LOG.info("event=inventory-synced objects=" + tracked.size());
  }

  private <T extends HasMetadata> void watch(Class<T> type, String ns) {
    KubernetesResourceList<T> list =
        client.resources(type).inNamespace(ns).withLabel(Workloads.MANAGED_BY, "gennaker").list();
    list.getItems().forEach(o -> observe(o, false));
    Watch w =
        client
            .resources(type)
            .inNamespace(ns)
            .watch(
                new ListOptionsBuilder()
                    .withLabelSelector(Workloads.MANAGED_BY + "=gennaker")
                    .withResourceVersion(list.getMetadata().getResourceVersion())
                    .build(),
                new Watcher<T>() {
                  @Override
                  public void eventReceived(Action action, T resource) {
                    if (action == Action.DELETED) {
                      deleted(resource);
                    } else if (action == Action.ADDED || action == Action.MODIFIED) {
                      observe(resource, true);
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    LOG.warning(
                        "event=watch-closed kind="
                            + type.getSimpleName()
                            + " namespace="
                            + ns
                            + " reason=\""
                            + cause.getMessage()
                            + "\" action=relist");
                    restart(type, ns);
                  }
                });
    watches.add(w);
  }

  /**
   * A watch the server ended (e.g. 410 Gone: its resource version expired) is started again from a
   * fresh list, after a pause so a failing API server is not hammered.
   */
  private <T extends HasMetadata> void restart(Class<T> type, String ns) {
    if (closed) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              try {
                Thread.sleep(1000);
                if (!closed) {
                  watch(type, ns);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                LOG.warning(
                    "event=watch-restart-failed kind="
                        + type.getSimpleName()
                        + " namespace="
                        + ns
                        + " reason=\""
                        + e.getMessage()
                        + "\"");
                restart(type, ns);
              }
            },
            "gennaker-agent-rewatch");
    t.setDaemon(true);
    t.start();
  }

  /** Gennaker is about to delete this object: its disappearance is not drift. */
  public void expectDeletion(HasMetadata o) {
    if (expectedDeletions.size() > 10_000) {
      expectedDeletions.clear(); // bounded; a missed expectation only costs one spurious event
    }
    expectedDeletions.add(key(o));
  }

  private void deleted(HasMetadata o) {
    String key = key(o);
    Tracked was = tracked.remove(key);
    if (expectedDeletions.remove(key) || was == null) {
      return;
    }
    String where = o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    LOG.info("event=drift kind=" + o.getKind() + " object=" + where + " change=deleted");
    enqueue(
        new AgentEvent(
            "drift",
            o.getKind(),
            o.getMetadata().getNamespace(),
            o.getMetadata().getName(),
            List.of(),
            List.of(),
            null,
            o.getKind() + " " + where + " was deleted outside Gennaker"));
  }

  private void enqueue(AgentEvent e) {
    if (pendingCount.incrementAndGet() > MAX_PENDING_EVENTS) {
      pendingCount.decrementAndGet();
      return;
    }
    pending.add(e);
  }

  /** Records an object's fingerprint; reports drift when its content changed by someone else. */
  void observe(HasMetadata o, boolean report) {
    String key = key(o);
    int content = contentHash(o);
    Map<String, Integer> managers = managerHashes(o);
    Tracked before = tracked.get(key);
    Tracked after =
        new Tracked(
            o.getKind(),
            o.getMetadata().getNamespace(),
            o.getMetadata().getName(),
            annotation(o, Workloads.PREFIX + "application"),
            annotation(o, Workloads.PREFIX + "version"),
            o.getMetadata().getResourceVersion(),
            content,
            managers);
    tracked.put(key, after);
    if (!report || before == null || before.content() == content) {
      return;
    }
    List<String> who = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    String time = null;
    if (o.getMetadata().getManagedFields() != null) {
      for (ManagedFieldsEntry mf : o.getMetadata().getManagedFields()) {
        String m = mf.getManager();
        if (m == null || m.equals(Workloads.FIELD_MANAGER) || mf.getSubresource() != null) {
          continue;
        }
        Integer old = before.managers().get(m + "/" + mf.getOperation());
        Integer now = managers.get(m + "/" + mf.getOperation());
        if (!java.util.Objects.equals(old, now)) {
          who.add(m);
          if (mf.getFieldsV1() != null) {
            fields.addAll(
                FieldPaths.display(
                    Serialization.jsonMapper()
                        .valueToTree(mf.getFieldsV1().getAdditionalProperties())));
          }
          time = mf.getTime();
        }
      }
    }
    if (who.isEmpty()) {
      return; // Gennaker's own change (its apply moved only its own managed fields).
    }
    String message =
        o.getKind()
            + " "
            + o.getMetadata().getNamespace()
            + "/"
            + o.getMetadata().getName()
            + " was changed outside Gennaker by "
            + String.join(", ", who)
            + (fields.isEmpty() ? "" : " (" + String.join(", ", fields) + ")");
    LOG.info(
        "event=drift kind="
            + o.getKind()
            + " object="
            + o.getMetadata().getNamespace()
            + "/"
            + o.getMetadata().getName()
            + " managers="
            + who);
    if (pendingCount.incrementAndGet() > MAX_PENDING_EVENTS) {
      pendingCount.decrementAndGet();
      return;
    }
    pending.add(
        new AgentEvent(
            "drift",
            o.getKind(),
            o.getMetadata().getNamespace(),
            o.getMetadata().getName(),
            who,
            fields,
            time,
            message));
  }

  /** Takes the pending events (the caller posts them, or {@link #requeue}s them on failure). */
  public List<AgentEvent> drainEvents() {
    List<AgentEvent> out = new ArrayList<>();
    for (AgentEvent e; (e = pending.poll()) != null; ) {
      pendingCount.decrementAndGet();
      out.add(e);
    }
    return out;
  }

  public void requeue(List<AgentEvent> events) {
    for (AgentEvent e : events) {
      if (pendingCount.incrementAndGet() > MAX_PENDING_EVENTS) {
        pendingCount.decrementAndGet();
        return;
      }
      pending.add(e);
    }
  }

  /** The managed objects as last seen, sorted. */
  public Inventory inventory() {
    List<Inventory.Item> items = new ArrayList<>();
    for (Tracked t : tracked.values()) {
      items.add(
          new Inventory.Item(
              t.kind(),
              t.namespace(),
              t.name(),
              t.application(),
              t.version(),
              t.resourceVersion()));
    }
    items.sort(
        Comparator.comparing(Inventory.Item::namespace)
            .thenComparing(Inventory.Item::kind)
            .thenComparing(Inventory.Item::name));
    return new Inventory(items);
  }

  /** Changes whenever the inventory's content does; cheap enough to call every tick. */
  public int inventoryHash() {
    int h = 0;
    for (Tracked t : tracked.values()) {
      h += (t.kind() + t.namespace() + t.name() + t.resourceVersion()).hashCode();
    }
    return h;
  }

  public boolean synced() {
    return synced;
  }

  public int size() {
    return tracked.size();
  }

  private static String key(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  private static String annotation(HasMetadata o, String k) {
    return o.getMetadata().getAnnotations() == null
        ? null
        : o.getMetadata().getAnnotations().get(k);
  }

  /** Hash of what a user means: everything but status and server-owned metadata. */
  static int contentHash(HasMetadata o) {
    ObjectNode node = Serialization.jsonMapper().valueToTree(o);
    node.remove("status");
    JsonNode meta = node.get("metadata");
    ObjectNode kept = node.putObject("metadata");
    if (meta != null) {
      if (meta.has("labels")) {
        kept.set("labels", meta.get("labels"));
      }
      if (meta.has("annotations")) {
        ObjectNode a = kept.putObject("annotations");
        for (Iterator<Map.Entry<String, JsonNode>> it = meta.get("annotations").fields();
            it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (BOOKKEEPING.stream().noneMatch(e.getKey()::startsWith)) {
            a.set(e.getKey(), e.getValue());
          }
        }
      }
    }
    return node.toString().hashCode();
  }

  private static Map<String, Integer> managerHashes(HasMetadata o) {
    Map<String, Integer> out = new HashMap<>();
    if (o.getMetadata().getManagedFields() != null) {
      for (ManagedFieldsEntry mf : o.getMetadata().getManagedFields()) {
        out.put(
            mf.getManager() + "/" + mf.getOperation(),
            java.util.Objects.hash(
                mf.getTime(),
                mf.getFieldsV1() == null ? null : mf.getFieldsV1().getAdditionalProperties()));
      }
    }
    return out;
  }

  @Override
  public void close() {
    closed = true;
    watches.forEach(Watch::close);
  }

  /** What the agent keeps per managed object. */
  record Tracked(
      String kind,
      String namespace,
      String name,
      String application,
      String version,
      String resourceVersion,
      int content,
      Map<String, Integer> managers) {}
}
