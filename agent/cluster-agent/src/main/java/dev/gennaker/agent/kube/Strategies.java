package dev.gennaker.agent.kube;

import dev.gennaker.agent.controlplane.Command;
import dev.gennaker.agent.controlplane.CommandResult;
import dev.gennaker.agent.controlplane.CommandResult.ObjectStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The deployment strategies beyond Kubernetes' own rolling update.
 *
 * <ul>
 *   <li>blueGreen: the new version runs as its own Deployment {@code <name>-<version>} next to the
 *       old one; when it is stable the Service selector switches to it; the old versions are scaled
 *       to zero (kept for a fast switch back).
 *   <li>highlander: as blueGreen, but the old versions are deleted after the switch.
 *   <li>canary: a {@code <name>-canary} Deployment with the new template takes the share of the
 *       replicas each {@code setWeight} step asks for (traffic follows the replica ratio behind a
 *       Service selecting both), with pauses between steps; then the stable Deployment gets the new
 *       template and the canary is removed.
 * </ul>
 */
final class Strategies {

  static final String WORKLOAD = Workloads.PREFIX + "workload";
  static final String VERSION = Workloads.PREFIX + "version";
  static final String TRACK = Workloads.PREFIX + "track";

  private final Workloads workloads;
  private final KubernetesClient client;

  Strategies(Workloads workloads) {
    this.workloads = workloads;
    this.client = workloads.client();
  }

  CommandResult blueGreen(
      Command c, List<HasMetadata> objects, Consumer<String> progress, boolean highlander) {
    String strategy = highlander ? "highlander" : "blueGreen";
    Deployment deployment = single(objects, strategy);
    String base = deployment.getMetadata().getName();
    String ns = deployment.getMetadata().getNamespace();
    Service service = service(c, objects, strategy);
    String version = version(c);

    List<HasMetadata> rest = objects.stream().filter(o -> o != deployment && o != service).toList();
    List<HasMetadata> applied = new ArrayList<>();
    for (HasMetadata o : rest) {
      Optional<CommandResult> conflict = applyOne(c, o, applied);
      if (conflict.isPresent()) {
        return conflict.get();
      }
    }
    Deployment versioned = Serialization.clone(deployment);
    versioned.getMetadata().setName(base + "-" + version);
    addLabels(versioned, Map.of(WORKLOAD, base, VERSION, version), true);
    Optional<CommandResult> conflict = applyOne(c, versioned, applied);
    if (conflict.isPresent()) {
      return conflict.get();
    }
    progress.accept(
        strategy
            + ": starting version "
            + version
            + " as Deployment "
            + ns
            + "/"
            + versioned.getMetadata().getName());
    Workloads.Outcome outcome = workloads.waitStable(applied, CommandExecutor.timeout(c), progress);
    if (!outcome.stable()) {
      return CommandExecutor.result(
          c,
          CommandResult.FAILED,
          outcome.message()
              + ". The Service "
              + ns
              + "/"
              + service.getMetadata().getName()
              + " still selects the previous version.",
          outcome.objects(),
          outcome.events());
    }
    Service switched = Serialization.clone(service);
    Map<String, String> selector =
        new LinkedHashMap<>(
            switched.getSpec().getSelector() == null ? Map.of() : switched.getSpec().getSelector());
    selector.put(VERSION, version);
    switched.getSpec().setSelector(selector);
    List<HasMetadata> serviceApplied = new ArrayList<>();
    conflict = applyOne(c, switched, serviceApplied);
    if (conflict.isPresent()) {
      return conflict.get();
    }
    progress.accept(
        strategy
            + ": Service "
            + ns
            + "/"
            + service.getMetadata().getName()
            + " now selects version "
            + version);
    List<String> retired = new ArrayList<>();
    for (Deployment old :
        client.apps().deployments().inNamespace(ns).withLabel(WORKLOAD, base).list().getItems()) {
      String v = old.getMetadata().getLabels().get(VERSION);
      if (version.equals(v)) {
        continue;
      }
      if (highlander) {
        workloads.delete(old);
        retired.add(old.getMetadata().getName() + " (deleted)");
      } else {
        client
            .apps()
            .deployments()
            .inNamespace(ns)
            .withName(old.getMetadata().getName())
            .patch(
                new PatchContext.Builder()
                    .withPatchType(PatchType.JSON_MERGE)
                    .withFieldManager(Workloads.FIELD_MANAGER)
                    .build(),
                "{\"spec\":{\"replicas\":0}}");
        retired.add(old.getMetadata().getName() + " (scaled to 0)");
      }
    }
    List<ObjectStatus> statuses = new ArrayList<>(outcome.objects());
    statuses.add(
        new ObjectStatus(
            "Service",
            ns,
            service.getMetadata().getName(),
            "HEALTHY",
            "selects " + VERSION + "=" + version));
    Map<String, String> outputs = new HashMap<>();
    outputs.put("version", version);
    outputs.put("deployment", versioned.getMetadata().getName());
    return new CommandResult(
        c.id(),
        CommandResult.SUCCEEDED,
        strategy
            + ": version "
            + version
            + " is live behind Service "
            + ns
            + "/"
            + service.getMetadata().getName()
            + (retired.isEmpty() ? "" : "; previous: " + String.join(", ", retired)),
        statuses,
        List.of(),
        null,
        outputs);
  }

  CommandResult canary(Command c, List<HasMetadata> objects, Consumer<String> progress) {
    Deployment deployment = single(objects, "canary");
    String base = deployment.getMetadata().getName();
    String ns = deployment.getMetadata().getNamespace();
    int total = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
    List<Command.Step> steps = c.strategy().steps() == null ? List.of() : c.strategy().steps();
    CommandExecutor plain =
        new CommandExecutor(workloads, new NamespacePolicy(java.util.Set.of(ns)), r -> "");
    if (client.apps().deployments().inNamespace(ns).withName(base).get() == null) {
      CommandResult r = plain.rolling(c, objects, progress);
      return new CommandResult(
          r.commandId(),
          r.status(),
          "canary: no running version of Deployment "
              + ns
              + "/"
              + base
              + " to compare with, deployed directly; "
              + r.message(),
          r.objects(),
          r.events(),
          null,
          r.outputs());
    }
    List<HasMetadata> others = objects.stream().filter(o -> o != deployment).toList();
    List<HasMetadata> applied = new ArrayList<>();
    for (HasMetadata o : others) {
      Optional<CommandResult> conflict = applyOne(c, o, applied);
      if (conflict.isPresent()) {
        return conflict.get();
      }
    }
    Workloads.Outcome config = workloads.waitStable(applied, CommandExecutor.timeout(c), progress);
    if (!config.stable()) {
      return CommandExecutor.result(c, config);
    }
    Deployment canary = Serialization.clone(deployment);
    canary.getMetadata().setName(base + "-canary");
    addLabels(canary, Map.of(TRACK, "canary"), true);
    int n = 0;
    for (Command.Step step : steps) {
      n++;
      String prefix = "canary step " + n + "/" + steps.size() + ": ";
      if (step.setWeight() != null) {
        int w = Math.max(0, Math.min(100, step.setWeight()));
        int canaryReplicas = w == 0 ? 0 : Math.max(1, (int) Math.ceil(total * w / 100.0));
        canaryReplicas = Math.min(canaryReplicas, total);
        canary.getSpec().setReplicas(canaryReplicas);
        Optional<CommandResult> conflict = applyOne(c, canary, new ArrayList<>());
        if (conflict.isPresent()) {
          return conflict.get();
        }
        Deployment stable = scale(ns, base, total - canaryReplicas);
        String stepMessage =
            prefix
                + "weight "
                + w
                + "%, "
                + canaryReplicas
                + "/"
                + total
                + " replicas on the new version";
        progress.accept(stepMessage);
        Workloads.Outcome o =
            workloads.waitStable(
                List.of(canary, stable),
                CommandExecutor.timeout(c),
                m -> progress.accept(stepMessage + "; " + m));
        if (!o.stable()) {
          abort(ns, base, total);
          return CommandExecutor.result(
              c,
              CommandResult.FAILED,
              prefix
                  + o.message()
                  + ". Canary removed; Deployment "
                  + ns
                  + "/"
                  + base
                  + " scaled back to "
                  + total
                  + " replicas of the previous version.",
              o.objects(),
              o.events());
        }
      } else if (step.pauseSeconds() != null) {
        progress.accept(prefix + "pause " + step.pauseSeconds() + "s");
        Instant until = workloads.clock().instant().plusSeconds(step.pauseSeconds());
        while (workloads.clock().instant().isBefore(until)) {
          workloads.pause(
              Duration.ofMillis(
                  Math.min(
                      1000,
                      Math.max(
                          1, Duration.between(workloads.clock().instant(), until).toMillis()))));
        }
      }
    }
    progress.accept("canary: promoting the new version to Deployment " + ns + "/" + base);
    List<HasMetadata> promoted = new ArrayList<>();
    Optional<CommandResult> conflict = applyOne(c, deployment, promoted);
    if (conflict.isPresent()) {
      return conflict.get();
    }
    Workloads.Outcome o = workloads.waitStable(promoted, CommandExecutor.timeout(c), progress);
    workloads.delete(client.apps().deployments().inNamespace(ns).withName(base + "-canary").get());
    if (!o.stable()) {
      return CommandExecutor.result(c, o);
    }
    List<ObjectStatus> statuses = new ArrayList<>(config.objects());
    statuses.addAll(o.objects());
    return new CommandResult(
        c.id(),
        CommandResult.SUCCEEDED,
        "canary: "
            + steps.size()
            + " step(s) passed; Deployment "
            + ns
            + "/"
            + base
            + " runs the new version on "
            + total
            + " replicas",
        statuses,
        List.of(),
        null,
        Map.of("canarySteps", String.valueOf(steps.size())));
  }

  private void abort(String ns, String base, int total) {
    workloads.delete(client.apps().deployments().inNamespace(ns).withName(base + "-canary").get());
    scale(ns, base, total);
  }

  private Deployment scale(String ns, String name, int replicas) {
    return client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName(name)
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE)
                .withFieldManager(Workloads.FIELD_MANAGER)
                .build(),
            "{\"spec\":{\"replicas\":" + replicas + "}}");
  }

  private Optional<CommandResult> applyOne(Command c, HasMetadata o, List<HasMetadata> applied) {
    return new CommandExecutor(
            workloads,
            new NamespacePolicy(java.util.Set.of(o.getMetadata().getNamespace())),
            r -> "")
        .applyOne(c, o, applied);
  }

  private static Deployment single(List<HasMetadata> objects, String strategy) {
    List<Deployment> ds =
        objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
    if (ds.size() != 1) {
      throw new CommandRefusedException(
          strategy + " needs exactly one Deployment in its manifests, found " + ds.size());
    }
    return ds.get(0);
  }

  private static Service service(Command c, List<HasMetadata> objects, String strategy) {
    List<Service> services =
        objects.stream().filter(Service.class::isInstance).map(Service.class::cast).toList();
    String wanted = c.strategy().service();
    if (wanted != null) {
      return services.stream()
          .filter(s -> s.getMetadata().getName().equals(wanted))
          .findFirst()
          .orElseThrow(
              () ->
                  new CommandRefusedException(
                      strategy + ": Service \"" + wanted + "\" is not in the manifests"));
    }
    if (services.size() != 1) {
      throw new CommandRefusedException(
          strategy
              + " needs the Service to switch: put exactly one Service in the manifests or name"
              + " it in strategy.service (found "
              + services.size()
              + ")");
    }
    return services.get(0);
  }

  /** A DNS-label-safe version: the strategy's, the tracking version, or from the command id. */
  static String version(Command c) {
    String v = c.strategy().version();
    if (v == null && c.tracking() != null) {
      v = c.tracking().get("version");
    }
    if (v == null) {
      v = "c" + Integer.toHexString(c.id().hashCode());
    }
    v = v.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
    return v.length() > 20 ? v.substring(0, 20) : v;
  }

  private static void addLabels(Deployment d, Map<String, String> labels, boolean selector) {
    Map<String, String> meta =
        new LinkedHashMap<>(
            d.getMetadata().getLabels() == null ? Map.of() : d.getMetadata().getLabels());
    meta.putAll(labels);
    d.getMetadata().setLabels(meta);
    if (selector) {
      Map<String, String> match = new LinkedHashMap<>(d.getSpec().getSelector().getMatchLabels());
      match.putAll(labels);
      d.getSpec().getSelector().setMatchLabels(match);
    }
    Map<String, String> pod =
        new LinkedHashMap<>(
            d.getSpec().getTemplate().getMetadata().getLabels() == null
                ? Map.of()
                : d.getSpec().getTemplate().getMetadata().getLabels());
    pod.putAll(labels);
    d.getSpec().getTemplate().getMetadata().setLabels(pod);
  }
}
