package dev.gennaker.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.api.http.Problem;
import dev.gennaker.core.cluster.Agent;
import dev.gennaker.core.cluster.Cluster;
import dev.gennaker.core.pipeline.stage.SpecReader;
import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.tenant.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Clusters and their agents: register a cluster under a stable id, rename it (pipelines keep
 * working: they use the id), hand out a one-time registration token with the install manifest
 * filled in, and list clusters with their agents' health.
 */
final class ClusterRoutes {
  static final Duration TOKEN_TTL = Duration.ofHours(24);

  /** An agent heard from within this is healthy (it heartbeats every 60 s when idle). */
  static final Duration HEALTHY = Duration.ofMinutes(3);

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ApiServices s;
  private final Audit audit;

  private final Requests requests;

  ClusterRoutes(ApiServices services, Requests requests) {
    this.s = services;
    this.audit = new Audit(services);
    this.requests = requests;
  }

  private Caller caller(HttpRequest request, Role role) {
    return requests.caller(request, role);
  }

  HttpResponse create(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.EDITOR);
    JsonNode body = json(request);
    String id = body.path("clusterId").asText("");
    if (!SpecReader.validId(id)) {
      throw Problem.invalid(
          "\"clusterId\" must be lowercase letters, digits and '-', at most 63 characters, found \""
              + id
              + "\"",
          List.of(Map.of("path", "clusterId", "message", "not a valid id")));
    }
    String name = body.path("displayName").asText(id);
    try {
      s.clusters().createCluster(new Cluster(caller.tenant(), id, name, s.clock().instant(), 0));
    } catch (AlreadyExistsException e) {
      throw Problem.conflict("cluster " + id + " already exists");
    }
    audit.record(
        caller.tenant(),
        caller.userId(),
        request,
        "cluster.created",
        "cluster",
        id,
        Map.of("displayName", name));
    return HttpResponse.json(
        201, cluster(s.clusters().getCluster(caller.tenant(), id).orElseThrow()).toString());
  }

  HttpResponse list(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.VIEWER);
    ObjectNode out = JSON.createObjectNode();
    ArrayNode items = out.putArray("items");
    Optional<String> token = Optional.empty();
    do {
      Page<Cluster> page = s.clusters().listClusters(caller.tenant(), new PageRequest(100, token));
      page.items().forEach(c -> items.add(cluster(c)));
      token = page.nextToken();
    } while (token.isPresent());
    return HttpResponse.json(200, out.toString());
  }

  HttpResponse rename(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.EDITOR);
    Cluster c = find(caller, vars.get("clusterId"));
    JsonNode body = json(request);
    String name = body.path("displayName").asText("");
    if (name.isBlank()) {
      throw Problem.invalid(
          "\"displayName\" is required",
          List.of(Map.of("path", "displayName", "message", "required")));
    }
    Cluster renamed = s.clusters().updateCluster(c.withDisplayName(name));
    audit.record(
        caller.tenant(),
        caller.userId(),
        request,
        "cluster.renamed",
        "cluster",
        c.clusterId(),
        Map.of("from", c.displayName(), "to", name));
    return HttpResponse.json(200, cluster(renamed).toString());
  }

  HttpResponse get(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.VIEWER);
    return HttpResponse.json(200, cluster(find(caller, vars.get("clusterId"))).toString());
  }

  /** Deletes a cluster; its agents' credentials stop working when this answers. */
  HttpResponse delete(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.EDITOR);
    Cluster c = find(caller, vars.get("clusterId"));
    s.clusters().deleteCluster(caller.tenant(), c.clusterId());
    audit.record(
        caller.tenant(),
        caller.userId(),
        request,
        "cluster.deleted",
        "cluster",
        c.clusterId(),
        Map.of("displayName", c.displayName()));
    return HttpResponse.empty(204);
  }

  HttpResponse token(HttpRequest request, Map<String, String> vars) {
    Caller caller = caller(request, Role.EDITOR);
    Cluster c = find(caller, vars.get("clusterId"));
    JsonNode body = json(request);
    List<String> namespaces = new ArrayList<>();
    body.path("namespaces").forEach(n -> namespaces.add(n.asText()));
    if (namespaces.isEmpty() || namespaces.stream().anyMatch(n -> !SpecReader.validId(n))) {
      throw Problem.invalid(
          "\"namespaces\" must list the Kubernetes namespaces the agent may deploy to",
          List.of(Map.of("path", "namespaces", "message", "one or more namespace names")));
    }
    String registrationToken =
        s.registrationTokens().issue(caller.tenant(), c.clusterId(), TOKEN_TTL);
    String url = body.path("controlPlaneUrl").asText(baseUrl(request));
    audit.record(
        caller.tenant(),
        caller.userId(),
        request,
        "cluster.token-created",
        "cluster",
        c.clusterId(),
        Map.of("namespaces", String.join(",", namespaces)));
    ObjectNode out = JSON.createObjectNode();
    out.put("clusterId", c.clusterId());
    out.put("registrationToken", registrationToken);
    out.put("expiresAt", s.clock().instant().plus(TOKEN_TTL).toString());
    out.put("installManifest", InstallManifest.render(registrationToken, url, namespaces));
    out.put("install", "kubectl apply -f gennaker-agent.yaml   # the installManifest above, saved");
    return HttpResponse.json(201, out.toString());
  }

  private Cluster find(Caller caller, String id) {
    try {
      return s.clusters()
          .getCluster(caller.tenant(), id)
          .orElseThrow(() -> Problem.notFound("cluster " + id));
    } catch (IllegalArgumentException e) {
      throw Problem.notFound("cluster " + id);
    }
  }

  private ObjectNode cluster(Cluster c) {
    ObjectNode node = JSON.createObjectNode();
    node.put("clusterId", c.clusterId());
    node.put("displayName", c.displayName());
    node.put("createdAt", c.createdAt().toString());
    ArrayNode agents = node.putArray("agents");
    Instant now = s.clock().instant();
    for (Agent a :
        s.clusters()
            .listAgents(c.tenant(), c.clusterId(), new PageRequest(100, Optional.empty()))
            .items()) {
      ObjectNode an = agents.addObject();
      an.put("agentId", a.agentId());
      a.agentVersion().ifPresent(v -> an.put("agentVersion", v));
      a.lastHeartbeat().ifPresent(t -> an.put("lastHeartbeat", t.toString()));
      an.put(
          "health",
          a.lastHeartbeat().isEmpty()
              ? "NEVER_SEEN"
              : a.lastHeartbeat().get().isAfter(now.minus(HEALTHY)) ? "HEALTHY" : "SILENT");
      ArrayNode ns = an.putArray("namespaces");
      a.namespaceAllowList().stream().sorted().forEach(ns::add);
    }
    return node;
  }

  static String baseUrl(HttpRequest request) {
    String host = request.header("Host").orElse("localhost:8080");
    String proto =
        request
            .header("X-Forwarded-Proto")
            .orElse(host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
    return proto + "://" + host + "/";
  }

  private static JsonNode json(HttpRequest request) {
    return Requests.jsonObject(request);
  }
}
