package dev.gennaker.agent.kube;

import dev.gennaker.agent.controlplane.Command;
import dev.gennaker.agent.controlplane.CommandResult;
import dev.gennaker.agent.controlplane.CommandResult.ObjectStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one command against the cluster and says how it went. Expected failures (a refused
 * namespace, a rollout past its deadline, an apply conflict) are results, not exceptions.
 *
 * <p>Idempotent per command: every write is a server-side apply or a patch to a fixed state, so
 * running a redelivered command again converges on the same objects. Not thread-safe per object:
 * the agent runs commands one at a time.
 */
public final class CommandExecutor {

  private static final Logger LOG = Logger.getLogger(CommandExecutor.class.getName());
  private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  private final Workloads workloads;
  private final KubernetesClient client;
  private final NamespacePolicy policy;
  private final Function<String, String> blobs;
  private final Strategies strategies;

  /**
   * @param blobs fetches manifests by blob reference (the control plane's blob route)
   */
  public CommandExecutor(
      Workloads workloads, NamespacePolicy policy, Function<String, String> blobs) {
    this.workloads = workloads;
    this.client = workloads.client();
    this.policy = policy;
    this.blobs = blobs;
    this.strategies = new Strategies(workloads);
  }

  /** Runs a command; {@code progress} receives one-line progress messages while it waits. */
  public CommandResult execute(Command command, Consumer<String> progress) {
    try {
      if (command.id() == null || command.id().isBlank()) {
        throw new CommandRefusedException("the command has no id");
      }
      policy.check(command.namespace());
      String type = command.type() == null ? "" : command.type();
      return switch (type) {
        case "apply" -> apply(command, progress);
        case "patch" -> patch(command, progress);
        case "scale" -> scale(command, progress);
        case "undoRollout" -> undo(command, progress);
        case "rollback" -> rollback(command, progress);
        case "delete" -> delete(command);
        case "runJob" -> runJob(command, progress);
        default ->
            throw new CommandRefusedException(
                "unknown command type \""
                    + type
                    + "\" (expected apply, patch, scale, undoRollout, rollback, delete or runJob)");
      };
    } catch (CommandRefusedException e) {
      return result(
          command, CommandResult.REFUSED, "refused: " + e.getMessage(), List.of(), List.of());
    } catch (Workloads.CommandInterruptedException e) {
      throw e;
    } catch (KubernetesClientException e) {
      String message = kubernetesMessage(e);
      return result(command, CommandResult.FAILED, message, List.of(), List.of());
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted() || causedByInterruption(e)) {
        // The agent is stopping: leave the command to be delivered again.
        throw new Workloads.CommandInterruptedException();
      }
      LOG.warning(
          "event=command-error command="
              + command.id()
              + " reason=\""
              + Workloads.rootMessage(e)
              + "\"");
      LOG.log(Level.FINE, "command " + command.id() + " failed unexpectedly", e);
      return result(
          command,
          CommandResult.FAILED,
          "agent error: " + Workloads.rootMessage(e),
          List.of(),
          List.of());
    }
  }

  private CommandResult apply(Command c, Consumer<String> progress) {
    String yaml = c.manifests() != null ? c.manifests() : fetch(c.manifestsRef());
    List<HasMetadata> objects = workloads.parse(yaml, c.namespace());
    policy.check(objects, c.namespace());
    String strategy =
        c.strategy() == null || c.strategy().type() == null ? "rolling" : c.strategy().type();
    return switch (strategy) {
      case "rolling" -> rolling(c, objects, progress);
      case "blueGreen", "highlander" ->
          strategies.blueGreen(c, objects, progress, strategy.equals("highlander"));
      case "canary" -> strategies.canary(c, objects, progress);
      default ->
          throw new CommandRefusedException(
              "unknown strategy \""
                  + strategy
                  + "\" (expected rolling, blueGreen, highlander or canary)");
    };
  }

  CommandResult rolling(Command c, List<HasMetadata> objects, Consumer<String> progress) {
    List<HasMetadata> applied = new ArrayList<>();
    for (HasMetadata o : objects) {
      Optional<CommandResult> conflict = applyOne(c, o, applied);
      if (conflict.isPresent()) {
        return conflict.get();
      }
    }
    progress.accept("applied " + applied.size() + " object(s); waiting for them to become stable");
    Workloads.Outcome outcome = workloads.waitStable(applied, timeout(c), progress);
    return result(c, outcome);
  }

  /** Applies one object; a conflict becomes a failed result naming the object. */
  Optional<CommandResult> applyOne(Command c, HasMetadata o, List<HasMetadata> applied) {
    try {
      applied.add(workloads.apply(o, c.tracking(), c.id(), Boolean.TRUE.equals(c.force())));
      return Optional.empty();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return Optional.of(
            result(
                c,
                CommandResult.FAILED,
                Workloads.describe(o)
                    + ": apply conflicts with fields owned by another field manager ("
                    + kubernetesMessage(e)
                    + "). Nothing was forced: re-run with force to take ownership of those fields.",
                List.of(),
                List.of()));
      }
      throw new KubernetesClientException(
          Workloads.describe(o) + ": apply failed: " + kubernetesMessage(e), e);
    }
  }

  private CommandResult patch(Command c, Consumer<String> progress) {
    var type = Kinds.byName(c.kind()).orElseThrow(() -> unknownKind(c.kind()));
    requireName(c);
    if (c.patch() == null) {
      throw new CommandRefusedException("patch needs a patch document");
    }
    PatchType patchType =
        switch (c.patchType() == null ? "strategic" : c.patchType()) {
          case "strategic" -> PatchType.STRATEGIC_MERGE;
          case "merge" -> PatchType.JSON_MERGE;
          case "json" -> PatchType.JSON;
          default ->
              throw new CommandRefusedException(
                  "unknown patch type \""
                      + c.patchType()
                      + "\" (expected strategic, merge or json)");
        };
    var resource = client.resources(type).inNamespace(c.namespace()).withName(c.name());
    if (resource.get() == null) {
      return result(
          c,
          CommandResult.FAILED,
          Kinds.canonical(c.kind())
              + " "
              + c.namespace()
              + "/"
              + c.name()
              + " not found: nothing to patch",
          List.of(),
          List.of());
    }
    HasMetadata patched =
        resource.patch(
            new PatchContext.Builder()
                .withPatchType(patchType)
                .withFieldManager(Workloads.FIELD_MANAGER)
                .build(),
            Serialization.asJson(c.patch()));
    progress.accept("patched " + Workloads.describe(patched));
    return result(c, workloads.waitStable(List.of(patched), timeout(c), progress));
  }

  private CommandResult scale(Command c, Consumer<String> progress) {
    var type = Kinds.byName(c.kind()).orElseThrow(() -> unknownKind(c.kind()));
    requireName(c);
    if (c.replicas() == null || c.replicas() < 0) {
      throw new CommandRefusedException("scale needs replicas >= 0");
    }
    if (!List.of("Deployment", "StatefulSet", "ReplicaSet").contains(Kinds.canonical(c.kind()))) {
      throw new CommandRefusedException(
          "cannot scale a "
              + Kinds.canonical(c.kind())
              + " (Deployment, StatefulSet or ReplicaSet)");
    }
    var resource = client.resources(type).inNamespace(c.namespace()).withName(c.name());
    if (resource.get() == null) {
      return result(
          c,
          CommandResult.FAILED,
          Kinds.canonical(c.kind())
              + " "
              + c.namespace()
              + "/"
              + c.name()
              + " not found: nothing to scale",
          List.of(),
          List.of());
    }
    HasMetadata scaled =
        resource.patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE)
                .withFieldManager(Workloads.FIELD_MANAGER)
                .build(),
            "{\"spec\":{\"replicas\":" + c.replicas() + "}}");
    progress.accept("scaled " + Workloads.describe(scaled) + " to " + c.replicas());
    return result(c, workloads.waitStable(List.of(scaled), timeout(c), progress));
  }

  /** The suffix the control plane gives a stage's rollback command after its apply's id. */
  static final String ROLLBACK_SUFFIX = "-rollback";

  /**
   * Undoes what a stage's apply did: every Deployment of its manifests that this apply changed (its
   * {@link Workloads#COMMAND} annotation names the apply) goes back to its previous revision and is
   * waited on; the others are left as they are, so a rollback after an apply that never reached the
   * cluster changes nothing. A rolled-back Deployment is re-annotated with the rollback's id, so a
   * second delivery does not roll it back again.
   */
  private CommandResult rollback(Command c, Consumer<String> progress) {
    String applyId =
        c.id().endsWith(ROLLBACK_SUFFIX)
            ? c.id().substring(0, c.id().length() - ROLLBACK_SUFFIX.length())
            : c.id();
    String yaml = c.manifests() != null ? c.manifests() : fetch(c.manifestsRef());
    List<HasMetadata> objects = workloads.parse(yaml, c.namespace());
    policy.check(objects, c.namespace());
    List<String> rolledBack = new ArrayList<>();
    List<String> untouched = new ArrayList<>();
    List<ObjectStatus> statuses = new ArrayList<>();
    List<String> events = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (!"Deployment".equals(o.getKind())) {
        continue;
      }
      String ns =
          o.getMetadata().getNamespace() == null ? c.namespace() : o.getMetadata().getNamespace();
      String name = o.getMetadata().getName();
      Deployment live = client.apps().deployments().inNamespace(ns).withName(name).get();
      if (live == null || !applyId.equals(annotation(live, Workloads.COMMAND))) {
        untouched.add(ns + "/" + name);
        continue;
      }
      Command undo =
          new Command(
              c.id(),
              "undoRollout",
              ns,
              c.timeoutSeconds(),
              c.tracking(),
              null,
              null,
              null,
              null,
              "Deployment",
              name,
              null,
              null,
              null,
              null,
              null,
              null);
      CommandResult r = undo(undo, progress);
      statuses.addAll(r.objects());
      events.addAll(r.events());
      if (!CommandResult.SUCCEEDED.equals(r.status())) {
        return result(c, CommandResult.FAILED, "rollback failed: " + r.message(), statuses, events);
      }
      client
          .apps()
          .deployments()
          .inNamespace(ns)
          .withName(name)
          .edit(
              d -> {
                d.getMetadata().getAnnotations().put(Workloads.COMMAND, c.id());
                return d;
              });
      rolledBack.add(ns + "/" + name);
    }
    String message =
        (rolledBack.isEmpty()
                ? "nothing to roll back: no Deployment was changed by " + applyId
                : "rolled back " + String.join(", ", rolledBack))
            + (untouched.isEmpty() ? "" : "; left as they were: " + String.join(", ", untouched));
    return result(c, CommandResult.SUCCEEDED, message, statuses, events);
  }

  private CommandResult undo(Command c, Consumer<String> progress) {
    requireName(c);
    if (c.kind() != null && !"Deployment".equals(Kinds.canonical(c.kind()))) {
      throw new CommandRefusedException("undo rollout works on Deployments, not " + c.kind());
    }
    var resource = client.apps().deployments().inNamespace(c.namespace()).withName(c.name());
    Deployment d = resource.get();
    if (d == null) {
      return result(
          c,
          CommandResult.FAILED,
          "Deployment " + c.namespace() + "/" + c.name() + " not found: nothing to roll back",
          List.of(),
          List.of());
    }
    List<ReplicaSet> owned =
        client.apps().replicaSets().inNamespace(c.namespace()).list().getItems().stream()
            .filter(
                rs ->
                    rs.getMetadata().getOwnerReferences() != null
                        && rs.getMetadata().getOwnerReferences().stream()
                            .anyMatch(r -> d.getMetadata().getUid().equals(r.getUid())))
            .sorted(Comparator.comparingLong(CommandExecutor::revision))
            .toList();
    long current = revision(d);
    ReplicaSet target;
    if (c.revision() != null) {
      target = owned.stream().filter(rs -> revision(rs) == c.revision()).findFirst().orElse(null);
      if (target == null) {
        return result(
            c,
            CommandResult.FAILED,
            "Deployment "
                + c.namespace()
                + "/"
                + c.name()
                + " has no revision "
                + c.revision()
                + " (known: "
                + owned.stream().map(rs -> String.valueOf(revision(rs))).toList()
                + ")",
            List.of(),
            List.of());
      }
    } else {
      target = owned.stream().filter(rs -> revision(rs) < current).reduce((a, b) -> b).orElse(null);
      if (target == null) {
        return result(
            c,
            CommandResult.FAILED,
            "Deployment "
                + c.namespace()
                + "/"
                + c.name()
                + " has no previous revision to roll back to",
            List.of(),
            List.of());
      }
    }
    PodTemplateSpec template = Serialization.clone(target.getSpec().getTemplate());
    if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
      template.getMetadata().getLabels().remove("pod-template-hash");
    }
    String patch =
        "[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":"
            + Serialization.asJson(template)
            + "}]";
    Deployment rolled =
        resource.patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.JSON)
                .withFieldManager(Workloads.FIELD_MANAGER)
                .build(),
            patch);
    progress.accept(
        "rolling Deployment "
            + c.namespace()
            + "/"
            + c.name()
            + " back to revision "
            + revision(target));
    Workloads.Outcome outcome = workloads.waitStable(List.of(rolled), timeout(c), progress);
    CommandResult r = result(c, outcome);
    return new CommandResult(
        r.commandId(),
        r.status(),
        outcome.stable()
            ? "rolled Deployment "
                + c.namespace()
                + "/"
                + c.name()
                + " back to the template of revision "
                + revision(target)
                + "; "
                + outcome.message()
            : r.message(),
        r.objects(),
        r.events(),
        null,
        Map.of("rolledBackToRevision", String.valueOf(revision(target))));
  }

  private CommandResult delete(Command c) {
    List<ObjectStatus> deleted = new ArrayList<>();
    if (c.name() != null) {
      var type = Kinds.byName(c.kind()).orElseThrow(() -> unknownKind(c.kind()));
      var resource = client.resources(type).inNamespace(c.namespace()).withName(c.name());
      HasMetadata existing = resource.get();
      boolean existed = existing != null;
      workloads.delete(existing);
      if (existed) {
        deleted.add(
            new ObjectStatus(
                Kinds.canonical(c.kind()), c.namespace(), c.name(), "MISSING", "deleted"));
      }
      return result(
          c,
          CommandResult.SUCCEEDED,
          existed
              ? "deleted " + Kinds.canonical(c.kind()) + " " + c.namespace() + "/" + c.name()
              : Kinds.canonical(c.kind())
                  + " "
                  + c.namespace()
                  + "/"
                  + c.name()
                  + " was already absent",
          deleted,
          List.of());
    }
    if (c.labelSelector() == null || c.labelSelector().isBlank()) {
      throw new CommandRefusedException("delete needs a name or a label selector");
    }
    Map<String, String> labels = parseSelector(c.labelSelector());
    List<Class<? extends HasMetadata>> types =
        c.kind() == null
            ? List.copyOf(Kinds.MANAGED.values())
            : List.of(Kinds.byName(c.kind()).orElseThrow(() -> unknownKind(c.kind())));
    for (Class<? extends HasMetadata> type : types) {
      for (HasMetadata o :
          client.resources(type).inNamespace(c.namespace()).withLabels(labels).list().getItems()) {
        workloads.delete(o);
        deleted.add(
            new ObjectStatus(
                o.getKind(), c.namespace(), o.getMetadata().getName(), "MISSING", "deleted"));
      }
    }
    return result(
        c,
        CommandResult.SUCCEEDED,
        "deleted " + deleted.size() + " object(s) matching " + c.labelSelector(),
        deleted,
        List.of());
  }

  private CommandResult runJob(Command c, Consumer<String> progress) {
    String yaml = c.manifests() != null ? c.manifests() : fetch(c.manifestsRef());
    List<HasMetadata> objects = workloads.parse(yaml, c.namespace());
    policy.check(objects, c.namespace());
    if (objects.size() != 1 || !(objects.get(0) instanceof Job)) {
      throw new CommandRefusedException("runJob needs exactly one Job in its manifests");
    }
    Job job = (Job) objects.get(0);
    var resource =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(job.getMetadata().getNamespace())
            .withName(job.getMetadata().getName());
    Job existing = resource.get();
    if (existing != null && !c.id().equals(annotation(existing, Workloads.COMMAND))) {
      // A Job's pod template is immutable: an earlier run of the same name is replaced.
      progress.accept("deleting the earlier run of Job " + Workloads.describe(job));
      workloads.delete(existing);
      Duration wait = Duration.ofSeconds(60);
      java.time.Instant until = workloads.clock().instant().plus(wait);
      while (resource.get() != null && workloads.clock().instant().isBefore(until)) {
        workloads.pause(Duration.ofMillis(100));
      }
    }
    List<HasMetadata> applied = new ArrayList<>();
    Optional<CommandResult> conflict = applyOne(c, job, applied);
    if (conflict.isPresent()) {
      return conflict.get();
    }
    progress.accept("Job " + Workloads.describe(job) + " created; waiting for it to finish");
    Workloads.Outcome outcome = workloads.waitStable(applied, timeout(c), progress);
    String logs = jobLogs(job, c.logLines() == null ? 20 : c.logLines());
    CommandResult r = result(c, outcome);
    return new CommandResult(
        r.commandId(),
        r.status(),
        outcome.stable() ? Workloads.describe(job) + " completed" : r.message(),
        r.objects(),
        r.events(),
        logs,
        Map.of());
  }

  private String jobLogs(Job job, int lines) {
    List<Pod> pods =
        client
            .pods()
            .inNamespace(job.getMetadata().getNamespace())
            .withLabel("job-name", job.getMetadata().getName())
            .list()
            .getItems();
    if (pods.isEmpty()) {
      return "";
    }
    Pod last = pods.get(pods.size() - 1);
    try {
      return client
          .pods()
          .inNamespace(job.getMetadata().getNamespace())
          .withName(last.getMetadata().getName())
          .tailingLines(lines)
          .getLog();
    } catch (KubernetesClientException e) {
      return "(logs unavailable: " + kubernetesMessage(e) + ")";
    }
  }

  private String fetch(String ref) {
    if (ref == null) {
      throw new CommandRefusedException("the command carries neither manifests nor manifestsRef");
    }
    return blobs.apply(ref);
  }

  static Duration timeout(Command c) {
    return c.timeoutSeconds() == null ? DEFAULT_TIMEOUT : Duration.ofSeconds(c.timeoutSeconds());
  }

  static CommandResult result(Command c, Workloads.Outcome o) {
    return result(
        c,
        o.stable() ? CommandResult.SUCCEEDED : CommandResult.FAILED,
        o.message(),
        o.objects(),
        o.events());
  }

  static CommandResult result(
      Command c, String status, String message, List<ObjectStatus> objects, List<String> events) {
    return new CommandResult(c.id(), status, message, objects, events, null, Map.of());
  }

  static long revision(HasMetadata o) {
    String r = annotation(o, "deployment.kubernetes.io/revision");
    return r == null ? 0 : Long.parseLong(r);
  }

  static String annotation(HasMetadata o, String key) {
    return o.getMetadata().getAnnotations() == null
        ? null
        : o.getMetadata().getAnnotations().get(key);
  }

  private static void requireName(Command c) {
    if (c.name() == null || c.name().isBlank()) {
      throw new CommandRefusedException(c.type() + " needs the name of its target");
    }
  }

  private static CommandRefusedException unknownKind(String kind) {
    return new CommandRefusedException(
        "kind \"" + kind + "\" is not one the agent manages (" + Kinds.MANAGED.keySet() + ")");
  }

  static Map<String, String> parseSelector(String selector) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String part : selector.split(",")) {
      String[] kv = part.trim().split("==?", 2);
      if (kv.length != 2 || kv[0].isBlank()) {
        throw new CommandRefusedException(
            "label selector \"" + selector + "\" is not of the form key=value[,key=value]");
      }
      out.put(kv[0].trim(), kv[1].trim());
    }
    return out;
  }

  static String kubernetesMessage(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return Workloads.rootMessage(e);
  }

  private static boolean causedByInterruption(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }
}
