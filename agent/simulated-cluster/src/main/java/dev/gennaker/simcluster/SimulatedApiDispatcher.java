package dev.gennaker.simcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD dispatcher with the API-server behaviour the CRUD mock lacks: server-side apply,
 * strategic merge patch, list-replacing JSON merge patch, {@code managedFields} bookkeeping, pod
 * logs and {@code /version}.
 *
 * <p>Every write takes one lock, so a read-modify-write here never races another write; the base
 * class then stores the result with its own locking and emits the watch events.
 */
final class SimulatedApiDispatcher extends KubernetesCrudDispatcher {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern LOG_PATH =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?$");

  private final ReentrantLock writes = new ReentrantLock();
  private final Clock clock;
  private final String kubernetesVersion;
  private volatile Function<JsonNode, String> podLogs = pod -> "";

  SimulatedApiDispatcher(Clock clock, String kubernetesVersion) {
    this.clock = clock;
    this.kubernetesVersion = kubernetesVersion;
  }

  void podLogs(Function<JsonNode, String> logs) {
    this.podLogs = logs;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    if ("GET".equals(request.getMethod())) {
      if (path.equals("/version") || path.startsWith("/version?")) {
        String[] v = kubernetesVersion.split("\\.");
        ObjectNode info = JSON.createObjectNode();
        info.put("major", v[0]);
        info.put("minor", v[1]);
        info.put("gitVersion", "v" + kubernetesVersion + "+gennaker-simulated");
        info.put("platform", "simulated/gennaker");
        return new MockResponse().setResponseCode(200).setBody(info.toString());
      }
      Matcher logs = LOG_PATH.matcher(path);
      if (logs.matches()) {
        return logs(logs.group(1), logs.group(2), query(path));
      }
    }
    return super.dispatch(request);
  }

  private MockResponse logs(String namespace, String pod, Map<String, String> query) {
    String podPath = "/api/v1/namespaces/" + namespace + "/pods/" + pod;
    if (findResource(getKey(podPath)) == null) {
      return status(404, "NotFound", "pods \"" + pod + "\" not found");
    }
    String text = podLogs.apply(readBody(findResource(getKey(podPath)).getValue()));
    if (query.containsKey("tailLines")) {
      int tail = Integer.parseInt(query.get("tailLines"));
      List<String> lines = text.lines().toList();
      text =
          String.join("\n", lines.subList(Math.max(0, lines.size() - tail), lines.size()))
              + (lines.isEmpty() ? "" : "\n");
    }
    return new MockResponse().setResponseCode(200).setBody(text);
  }

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    writes.lock();
    try {
      String manager = manager(request);
      JsonNode body = readBody(request.getBody().readUtf8());
      if (body.isObject() && !request.getPath().contains("/status")) {
        ObjectNode metadata = ((ObjectNode) body).withObjectProperty("metadata");
        metadata.set(
            "managedFields",
            managedFieldsJson(
                Map.of(new Owner(manager, "Update"), FieldSets.leaves(body)), body, null));
      }
      return super.handleCreate(rewrite(request, HttpMethod.POST, pathOf(request), body));
    } finally {
      writes.unlock();
    }
  }

  @Override
  public MockResponse handleUpdate(RecordedRequest request) {
    writes.lock();
    try {
      String path = pathOf(request);
      JsonNode body = readBody(request.getBody().readUtf8());
      Map.Entry<AttributeSet, String> current = findResource(getKey(path));
      if (current == null || path.endsWith("/status") || !body.isObject()) {
        return super.handleUpdate(rewrite(request, HttpMethod.PUT, path, body));
      }
      return storeUpdate(request, path, readBody(current.getValue()), body);
    } finally {
      writes.unlock();
    }
  }

  @Override
  public MockResponse handlePatch(RecordedRequest request) {
    writes.lock();
    try {
      String path = pathOf(request);
      String contentType = String.valueOf(request.getHeader("Content-Type"));
      String body = request.getBody().readUtf8();
      Map.Entry<AttributeSet, String> entry = findResource(getKey(path));
      if (contentType.contains("apply-patch")) {
        return serverSideApply(request, path, entry, body);
      }
      if (entry == null) {
        return status(404, "NotFound", "the server could not find the requested resource");
      }
      JsonNode current = readBody(entry.getValue());
      JsonNode patch = readBody(body);
      JsonNode merged;
      if (contentType.contains("strategic-merge-patch")) {
        merged = Patches.strategicMerge(current, patch);
      } else if (contentType.contains("merge-patch")) {
        merged = Patches.jsonMerge(current, patch);
      } else if (contentType.contains("json-patch")) {
        try {
          merged = JsonPatch.apply(patch, current);
        } catch (RuntimeException e) {
          return status(422, "Invalid", "the JSON patch could not be applied: " + e.getMessage());
        }
      } else {
        return status(415, "UnsupportedMediaType", "unsupported patch type " + contentType);
      }
      if (path.endsWith("/status")) {
        return super.handleUpdate(rewrite(request, HttpMethod.PUT, path, merged));
      }
      ((ObjectNode) merged.withObjectProperty("metadata"))
          .put("resourceVersion", current.path("metadata").path("resourceVersion").asText());
      return storeUpdate(request, path, current, merged);
    } finally {
      writes.unlock();
    }
  }

  @Override
  public MockResponse handleDelete(String path) {
    writes.lock();
    try {
      return super.handleDelete(path);
    } finally {
      writes.unlock();
    }
  }

  /** A non-apply write: the manager takes ownership of every field it changed. */
  private MockResponse storeUpdate(
      RecordedRequest request, String path, JsonNode current, JsonNode updated) {
    String manager = manager(request);
    Map<Owner, Set<List<String>>> owners = owners(current);
    Set<List<String>> changed = FieldSets.changed(current, updated);
    if (!changed.isEmpty()) {
      owners.values().forEach(s -> s.removeAll(changed));
      owners
          .computeIfAbsent(new Owner(manager, "Update"), o -> new LinkedHashSet<>())
          .addAll(changed);
    }
    ((ObjectNode) updated.withObjectProperty("metadata"))
        .set(
            "managedFields",
            managedFieldsJson(owners, updated, changed.isEmpty() ? null : manager));
    return super.handleUpdate(rewrite(request, HttpMethod.PUT, path, updated));
  }

  private MockResponse serverSideApply(
      RecordedRequest request, String path, Map.Entry<AttributeSet, String> entry, String body) {
    Map<String, String> query = query(request.getPath());
    String manager = query.get("fieldManager");
    if (manager == null || manager.isBlank()) {
      return status(
          400, "BadRequest", "PATCH requests with apply content type require fieldManager");
    }
    boolean force = Boolean.parseBoolean(query.getOrDefault("force", "false"));
    JsonNode applied;
    try {
      applied = YAML.readTree(body);
    } catch (IOException e) {
      return status(400, "BadRequest", "cannot parse the applied configuration: " + e.getMessage());
    }
    Owner self = new Owner(manager, "Apply");
    Set<List<String>> appliedLeaves = FieldSets.leaves(applied);
    if (entry == null) {
      ObjectNode created = ((ObjectNode) applied).deepCopy();
      created.withObjectProperty("metadata").remove("resourceVersion");
      created
          .withObjectProperty("metadata")
          .set("managedFields", managedFieldsJson(Map.of(self, appliedLeaves), created, manager));
      String collection = path.substring(0, path.lastIndexOf('/'));
      return super.handleCreate(rewrite(request, HttpMethod.POST, collection, created));
    }
    JsonNode current = readBody(entry.getValue());
    Map<Owner, Set<List<String>>> owners = owners(current);
    List<String> conflicts = new ArrayList<>();
    for (Map.Entry<Owner, Set<List<String>>> other : owners.entrySet()) {
      if (other.getKey().manager().equals(manager)) {
        continue;
      }
      for (List<String> leaf : appliedLeaves) {
        if (other.getValue().contains(leaf)
            && !FieldSets.valueAt(current, leaf).equals(FieldSets.valueAt(applied, leaf))) {
          conflicts.add(
              "conflict with \"" + other.getKey().manager() + "\": ." + FieldSets.display(leaf));
        }
      }
    }
    if (!conflicts.isEmpty() && !force) {
      return status(
          409,
          "Conflict",
          "Apply failed with "
              + conflicts.size()
              + " conflict"
              + (conflicts.size() == 1 ? "" : "s")
              + ": "
              + String.join(", ", conflicts));
    }
    owners.forEach(
        (owner, leaves) -> {
          if (!owner.manager().equals(manager) && force) {
            leaves.removeIf(
                l ->
                    appliedLeaves.contains(l)
                        && !FieldSets.valueAt(current, l).equals(FieldSets.valueAt(applied, l)));
          }
        });
    Set<List<String>> previous = owners.getOrDefault(self, Set.of());
    ObjectNode merged = (ObjectNode) Patches.strategicMerge(current, applied);
    merged.set("status", current.get("status"));
    if (merged.get("status") == null) {
      merged.remove("status");
    }
    for (List<String> stale : previous) {
      if (!appliedLeaves.contains(stale)) {
        prune(merged, stale, appliedLeaves, owners, self);
      }
    }
    owners.put(self, new LinkedHashSet<>(appliedLeaves));
    merged
        .withObjectProperty("metadata")
        .put("resourceVersion", current.path("metadata").path("resourceVersion").asText());
    merged
        .withObjectProperty("metadata")
        .set("managedFields", managedFieldsJson(owners, merged, manager));
    return super.handleUpdate(rewrite(request, HttpMethod.PUT, path, merged));
  }

  /**
   * Removes a field this manager applied before and no longer applies, unless another manager still
   * owns it: the shortest prefix that nobody else needs goes.
   */
  private static void prune(
      ObjectNode root,
      List<String> stale,
      Set<List<String>> applied,
      Map<Owner, Set<List<String>>> owners,
      Owner self) {
    for (int n = 1; n <= stale.size(); n++) {
      final int len = n;
      List<String> prefix = stale.subList(0, len);
      boolean needed =
          applied.stream().anyMatch(l -> FieldSets.overlaps(l, prefix) && l.size() >= len)
              || owners.entrySet().stream()
                  .filter(e -> !e.getKey().equals(self))
                  .anyMatch(
                      e ->
                          e.getValue().stream()
                              .anyMatch(l -> FieldSets.overlaps(l, prefix) && l.size() >= len));
      if (!needed) {
        JsonNode parent = FieldSets.valueAt(root, prefix.subList(0, len - 1));
        String last = prefix.get(len - 1);
        if (last.startsWith("f:") && parent.isObject()) {
          ((ObjectNode) parent).remove(last.substring(2));
        } else if (last.startsWith("k:") && parent.isArray()) {
          JsonNode element = FieldSets.valueAt(root, prefix);
          ArrayNode list = (ArrayNode) parent;
          for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == element) {
              list.remove(i);
              break;
            }
          }
        }
        return;
      }
    }
  }

  private Map<Owner, Set<List<String>>> owners(JsonNode object) {
    Map<Owner, Set<List<String>>> owners = new LinkedHashMap<>();
    for (JsonNode mf : object.path("metadata").path("managedFields")) {
      if (mf.has("subresource")) {
        continue;
      }
      owners
          .computeIfAbsent(
              new Owner(mf.path("manager").asText(), mf.path("operation").asText()),
              o -> new LinkedHashSet<>())
          .addAll(FieldSets.fromFieldsV1(mf.path("fieldsV1")));
    }
    return owners;
  }

  private ArrayNode managedFieldsJson(
      Map<Owner, Set<List<String>>> owners, JsonNode object, String touchedBy) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    Map<Owner, String> times = new HashMap<>();
    for (JsonNode mf : object.path("metadata").path("managedFields")) {
      times.put(
          new Owner(mf.path("manager").asText(), mf.path("operation").asText()),
          mf.path("time").asText());
    }
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    owners.forEach(
        (owner, leaves) -> {
          if (leaves.isEmpty()) {
            return;
          }
          ObjectNode mf = out.addObject();
          mf.put("manager", owner.manager());
          mf.put("operation", owner.operation());
          mf.put("apiVersion", object.path("apiVersion").asText());
          mf.put(
              "time",
              owner.manager().equals(touchedBy) || !times.containsKey(owner)
                  ? now
                  : times.get(owner));
          mf.put("fieldsType", "FieldsV1");
          mf.set("fieldsV1", FieldSets.toFieldsV1(leaves));
        });
    return out;
  }

  private static String manager(RecordedRequest request) {
    String manager = query(request.getPath()).get("fieldManager");
    if (manager != null && !manager.isBlank()) {
      return manager;
    }
    String agent = request.getHeader("User-Agent");
    if (agent == null || agent.isBlank()) {
      return "unknown";
    }
    return agent.split("[/ ]")[0];
  }

  private static RecordedRequest rewrite(
      RecordedRequest original, HttpMethod method, String path, JsonNode body) {
    Headers.Builder headers = Headers.builder();
    headers.add("Content-Type", "application/json");
    return new RecordedRequest(
        original.getHttpVersion(),
        method,
        path,
        headers.build(),
        new Buffer().writeUtf8(body.toString()));
  }

  private static String pathOf(RecordedRequest request) {
    String path = request.getPath();
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  private static Map<String, String> query(String path) {
    Map<String, String> out = new HashMap<>();
    int q = path.indexOf('?');
    if (q < 0) {
      return out;
    }
    for (String pair : path.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static JsonNode readBody(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      try {
        return YAML.readTree(body);
      } catch (IOException again) {
        throw new IllegalArgumentException("unparseable request body", again);
      }
    }
  }

  private static MockResponse status(int code, String reason, String message) {
    ObjectNode status = JSON.createObjectNode();
    status.put("apiVersion", "v1");
    status.put("kind", "Status");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    status.put("code", code);
    return new MockResponse().setResponseCode(code).setBody(status.toString());
  }

  private record Owner(String manager, String operation) {}
}
