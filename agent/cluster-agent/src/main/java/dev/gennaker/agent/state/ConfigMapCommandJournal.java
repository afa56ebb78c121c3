package dev.gennaker.agent.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gennaker.agent.controlplane.CommandResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link CommandJournal} in a ConfigMap of the agent's namespace: one key per command id, value
 * {@code started} or the result's JSON (logs cut to 4 KiB). Keeps the newest {@code capacity}
 * entries, well under the 1 MiB object limit.
 */
public final class ConfigMapCommandJournal implements CommandJournal {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STARTED = "started";

  /** Half of Kubernetes' 1 MiB object limit: room for keys, metadata and managedFields. */
  private static final int MAX_BYTES = 512 * 1024;

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final int capacity;
  private final Map<String, String> entries = new LinkedHashMap<>();

  public ConfigMapCommandJournal(
      KubernetesClient client, String namespace, String name, int capacity) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.capacity = capacity;
    ConfigMap existing = client.configMaps().inNamespace(namespace).withName(name).get();
    if (existing != null && existing.getData() != null) {
      // Keys are "<seq>.<command id>" so that the order survives the round trip.
      existing.getData().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e -> entries.put(e.getKey().substring(e.getKey().indexOf('.') + 1), e.getValue()));
    }
  }

  @Override
  public synchronized Optional<CommandResult> finished(String id) {
    String commandId = key(id);
    String v = entries.get(commandId);
    if (v == null || v.equals(STARTED)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(v, CommandResult.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized boolean started(String id) {
    String commandId = key(id);
    return entries.containsKey(commandId);
  }

  @Override
  public synchronized void recordStarted(String id) {
    String commandId = key(id);
    entries.putIfAbsent(commandId, STARTED);
    store();
  }

  @Override
  public synchronized void recordFinished(CommandResult result) {
    CommandResult kept = result;
    if (result.logs() != null && result.logs().length() > 4096) {
      kept =
          new CommandResult(
              result.commandId(),
              result.status(),
              result.message(),
              result.objects(),
              result.events(),
              result.logs().substring(result.logs().length() - 4096),
              result.outputs());
    }
    try {
      entries.remove(key(result.commandId()));
      entries.put(key(result.commandId()), JSON.writeValueAsString(kept));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    store();
  }

  private int size() {
    int n = 0;
    for (Map.Entry<String, String> e : entries.entrySet()) {
      n += e.getKey().length() + e.getValue().length() + 8;
    }
    return n;
  }

  /** ConfigMap keys allow only {@code [-._a-zA-Z0-9]}. */
  private static String key(String commandId) {
    return commandId.replaceAll("[^-._a-zA-Z0-9]", "_");
  }

  private void store() {
    while (entries.size() > capacity || size() > MAX_BYTES) {
      entries.remove(entries.keySet().iterator().next());
    }
    Map<String, String> data = new LinkedHashMap<>();
    int seq = 0;
    for (Map.Entry<String, String> e : entries.entrySet()) {
      data.put(String.format("%05d.%s", seq++, e.getKey()), e.getValue());
    }
    ConfigMap cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .addToLabels("app.kubernetes.io/part-of", "gennaker-agent")
            .endMetadata()
            .withData(data)
            .build();
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(cm)
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager("gennaker-agent")
                .withForce(true)
                .build());
  }
}
