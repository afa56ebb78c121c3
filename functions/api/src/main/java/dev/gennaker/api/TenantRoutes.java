package dev.gennaker.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.api.http.Problem;
import dev.gennaker.core.onboarding.ApplyTenantDeclaration;
import dev.gennaker.core.onboarding.Onboarding;
import dev.gennaker.core.onboarding.TenantDeclaration;
import dev.gennaker.core.secret.SecretRef;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.StoreUnavailableException;
import dev.gennaker.core.tenant.ApiKey;
import dev.gennaker.core.tenant.ApiKeys;
import dev.gennaker.core.tenant.Member;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.Tenant;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.core.yaml.Diagnostic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The tenant itself: sign-up, settings (drain), declarations, webhook secrets, members and API
 * keys. Everything but sign-up is scoped to the caller's tenant; members and keys are admin work.
 */
final class TenantRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@]+");
  private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9@._+-]{1,100}");

  /** Declarations are small; a bigger body is a mistake. */
  static final int MAX_DECLARATION_BYTES = 256 * 1024;

  private final ApiServices s;
  private final Requests requests;
  private final Audit audit;

  TenantRoutes(ApiServices services, Requests requests) {
    this.s = services;
    this.requests = requests;
    this.audit = new Audit(services);
  }

  // ---------------------------------------------------------------- sign-up

  HttpResponse signUp(HttpRequest request, Map<String, String> vars) {
    JsonNode body = Requests.jsonObject(request);
    List<Map<String, Object>> errors = new ArrayList<>();
    String id = body.path("tenantId").asText("");
    String name = body.path("displayName").asText(id).trim();
    String admin = body.path("adminEmail").asText("").trim().toLowerCase(Locale.ROOT);
    TenantId tenant = null;
    try {
      tenant = TenantId.of(id);
    } catch (IllegalArgumentException e) {
      errors.add(
          Map.of(
              "path",
              "tenantId",
              "message",
              "3-40 lowercase letters, digits or dashes, starting with a letter"));
    }
    if (!EMAIL.matcher(admin).matches()) {
      errors.add(Map.of("path", "adminEmail", "message", "an e-mail address"));
    }
    if (name.isEmpty() || name.length() > 100) {
      errors.add(Map.of("path", "displayName", "message", "1 to 100 characters"));
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid("the sign-up has " + errors.size() + " invalid field(s)", errors);
    }
    Onboarding.SignedUp done;
    try {
      done =
          new Onboarding(
                  s.tenants(), s.apiKeyStore(), s.secrets(), s.runner().orchestrator(), s.clock())
              .signUp(tenant, name, admin);
    } catch (Onboarding.TenantIdTakenException e) {
      throw Problem.conflict(e.getMessage());
    } catch (StoreUnavailableException e) {
      throw new Problem(
          503,
          "https://gennaker.dev/problems/unavailable",
          "Try again",
          "sign-up could not finish and was undone; try again in a moment");
    }
    audit.record(
        tenant, admin, request, "tenant.signed-up", "tenant", tenant.value(), Map.of("name", name));
    ObjectNode out = tenantJson(done.tenant());
    out.put("admin", admin);
    out.put("apiKey", done.adminKey().key());
    out.put("apiKeyPrefix", done.adminKey().record().visiblePrefix());
    out.put("note", "the API key is shown once; keep it in a secret store");
    return HttpResponse.json(201, out.toString());
  }

  // ---------------------------------------------------------------- the tenant

  HttpResponse get(HttpRequest request, Map<String, String> vars) {
    Caller caller = requests.caller(request, Role.VIEWER);
    return HttpResponse.json(200, tenantJson(tenant(caller)).toString());
  }

  HttpResponse patch(HttpRequest request, Map<String, String> vars) {
    Caller caller = requests.caller(request, Role.ADMIN);
    JsonNode body = Requests.jsonObject(request);
    Tenant t = tenant(caller);
    Tenant updated = t;
    if (body.has("displayName")) {
      String name = body.get("displayName").asText("").trim();
      if (name.isEmpty() || name.length() > 100) {
        throw Problem.invalid(
            "\"displayName\" must be 1 to 100 characters",
            List.of(Map.of("path", "displayName", "message", "1 to 100 characters")));
      }
      updated = updated.withDeclared(name, t.repositories(), t.slackChannel());
    }
    if (body.has("draining")) {
      if (!body.get("draining").isBoolean()) {
        throw Problem.invalid(
            "\"draining\" must be true or false",
            List.of(Map.of("path", "draining", "message", "true or false")));
      }
      updated = updated.withDraining(body.get("draining").asBoolean());
    }
    if (!updated.equals(t)) {
      s.tenants().updateTenant(updated);
      Map<String, String> details = new LinkedHashMap<>();
      details.put("displayName", updated.displayName());
      details.put("draining", String.valueOf(updated.draining()));
      audit.record(
          caller.tenant(),
          caller.userId(),
          request,
          updated.draining() != t.draining()
              ? (updated.draining() ? "tenant.drain-started" : "tenant.drain-ended")
              : "tenant.updated",
          "tenant",
          t.id().value(),
          details);
    }
    return HttpResponse.json(200, tenantJson(updated).toString());
  }

  /** Applies a tenant declaration (YAML or JSON); {@code ?prune=true} removes the undeclared. */
  HttpResponse declare(HttpRequest request, Map<String, String> vars) {
    Caller caller = requests.caller(request, Role.ADMIN);
    String type = request.contentType();
    if (!ApiFunction.YAML_TYPES.contains(type) && !type.equals("application/json")) {
      throw Problem.unsupportedMediaType(
          "send the tenant file as application/yaml (or application/json)");
    }
    if (request.body().length > MAX_DECLARATION_BYTES) {
      throw Problem.tooLarge("tenant files are limited to 256 KiB");
    }
    TenantDeclaration.Reading reading =
        TenantDeclaration.read(new String(request.body(), StandardCharsets.UTF_8));
    if (!reading.valid()) {
      List<Map<String, Object>> errors = new ArrayList<>();
      for (Diagnostic d : reading.diagnostics()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("line", d.position().line());
        e.put("column", d.position().column());
        e.put("path", d.path());
        e.put("message", d.message());
        errors.add(e);
      }
      throw Problem.invalid(
          "the tenant file has problems; the first: "
              + reading.diagnostics().get(0).format("tenant.yaml"),
          errors);
    }
    TenantDeclaration declaration = reading.declaration().orElseThrow();
    if (!declaration.id().equals(caller.tenant().value())) {
      throw Problem.invalid(
          "this file declares tenant \""
              + declaration.id()
              + "\"; your key belongs to \""
              + caller.tenant().value()
              + "\"",
          List.of(Map.of("path", "metadata.id", "message", "not your tenant")));
    }
    boolean prune = request.queryParam("prune").map(Boolean::parseBoolean).orElse(false);
    boolean callerStaysAdmin =
        declaration.members().stream()
            .anyMatch(m -> m.user().equals(caller.userId()) && m.roles().contains(Role.ADMIN));
    if (prune
        && !callerStaysAdmin
        && s.tenants().getMember(caller.tenant(), caller.userId()).isPresent()) {
      throw Problem.invalid(
          "pruning with this file would take away your own admin role; keep yourself an admin",
          List.of(Map.of("path", "spec.members", "message", "you are not an admin in it")));
    }
    ApplyTenantDeclaration.Outcome outcome =
        new ApplyTenantDeclaration(s.tenants(), s.clusters(), s.apiKeyStore(), s.clock())
            .apply(caller.principal(), declaration, prune);
    if (!outcome.changes().isEmpty()) {
      audit.record(
          caller.tenant(),
          caller.userId(),
          request,
          "tenant.declared",
          "tenant",
          caller.tenant().value(),
          Map.of("changes", String.join("; ", outcome.changes())));
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("changes", JSON.valueToTree(outcome.changes()));
    out.set("undeclared", JSON.valueToTree(outcome.undeclared()));
    out.put("pruned", prune);
    return HttpResponse.json(200, out.toString());
  }

  /** Where GitHub and registries deliver, with the secrets to sign deliveries (admin only). */
  HttpResponse webhooks(HttpRequest request, Map<String, String> vars) {
    Caller caller = requests.caller(request, Role.ADMIN);
    String base = ClusterRoutes.baseUrl(request);
    ObjectNode out = JSON.createObjectNode();
    ObjectNode github = out.putObject("github");
    github.put("url", base + "webhooks/github/" + caller.tenant().value());
    github.put("contentType", "application/json");
    github.put("secret", secret(caller.tenant(), Onboarding.GITHUB_WEBHOOK_SECRET));
    github.set("events", JSON.valueToTree(List.of("push", "pull_request", "release")));
    ObjectNode registry = out.putObject("registry");
    registry.put("url", base + "webhooks/registry/" + caller.tenant().value());
    registry.put("secret", secret(caller.tenant(), Onboarding.REGISTRY_WEBHOOK_SECRET));
    audit.record(
        caller.tenant(),
        caller.userId(),
        request,
        "tenant.webhook-secrets-read",
        "tenant",
        caller.tenant().value(),
        Map.of());
    return HttpResponse.json(200, out.toString());
  }

  private String secret(TenantId tenant, String name) {
    return s.secrets()
        .get(new SecretRef(tenant, name))
        .orElseThrow(
            () ->
                new Problem(
                    409,
                    "https://gennaker.dev/problems/conflict",
                    "Conflict",
                    "the tenant has no " + name + " secret; sign-up did not finish"))
        .reveal();
  }

  // ---------------------------------------------------------------- members

  HttpResponse listMembers(HttpRequest request, Map<String, String> vars) {
    Caller caller = requests.caller(request, Role.VIEWER);
    ObjectNode out = JSON.createObjectNode();
    ArrayNode items = out.putArray("items");
    for (Member m : all(p -> s.tenants().listMembers(caller.tenant(), p))) {
      items.add(member(m));
    }
    return HttpResponse.json(200, out.toString());
  }

  HttpResponse putMember(HttpRequest request, Map<String, String> vars) {
    Caller caller = requests.caller(request, Role.ADMIN);
    String user = vars.get("userId").toLowerCase(Locale.ROOT);
    if (!EMAIL.matcher(user).matches()) {
      throw Problem.invalid(
          "a member's user id is their e-mail address, not \"" + user + "\"",
          List.of(Map.of("path", "userId", "message", "an e-mail address")));
    }
    Set<Role> roles = roles(Requests.jsonObject(request).path("roles"));
    Optional<Member> existing = s.tenants().getMember(caller.tenant(), user);
    if (existing.isPresent()
        && existing.get().roles().contains(Role.ADMIN)
        && !roles.contains(Role.ADMIN)) {
      requireAnotherAdmin(caller.tenant(), user);
    }
    Member m =
        new Member(
            caller.tenant(),
            user,
            roles,
            existing.map(Member::addedAt).orElse(s.clock().instant()));
    s.tenants().putMember(m);
    revokeKeysAbove(caller.tenant(), user, Collections.max(roles));
    audit.record(
        caller.tenant(),
        caller.userId(),
        request,
        existing.isPresent() ? "member.roles-changed" : "member.added",
        "member",
        user,
        Map.of("roles", String.join(",", roleNames(roles))));
    return HttpResponse.json(existing.isPresent() ? 200 : 201, member(m).toString());
  }

  HttpResponse removeMember(HttpRequest request, Map<String, String> vars) {
    Caller caller = requests.caller(request, Role.ADMIN);
    String user = vars.get("userId").toLowerCase(Locale.ROOT);
    Member m;
    try {
      m =
          s.tenants()
              .getMember(caller.tenant(), user)
              .orElseThrow(() -> Problem.notFound("member " + user));
    } catch (IllegalArgumentException e) {
      throw Problem.notFound("member " + user);
    }
    if (m.roles().contains(Role.ADMIN)) {
      requireAnotherAdmin(caller.tenant(), user);
    }
    s.tenants().removeMember(caller.tenant(), user);
    revokeKeysAbove(caller.tenant(), user, null);
    audit.record(
        caller.tenant(), caller.userId(), request, "member.removed", "member", user, Map.of());
    return HttpResponse.empty(204);
  }

  private void requireAnotherAdmin(TenantId tenant, String user) {
    boolean another =
        all(p -> s.tenants().listMembers(tenant, p)).stream()
            .anyMatch(o -> !o.userId().equals(user) && o.roles().contains(Role.ADMIN));
    if (!another) {
      throw Problem.conflict(user + " is the tenant's last admin; make someone else admin first");
    }
  }

  /** Revokes the user's keys whose role is above {@code max} (all when null). */
  private void revokeKeysAbove(TenantId tenant, String user, Role max) {
    for (ApiKey k : all(p -> s.apiKeyStore().list(tenant, p))) {
      if (k.isActive() && k.name().equals(user) && (max == null || k.role().compareTo(max) > 0)) {
        s.apiKeyStore().revoke(tenant, k.keyId(), s.clock().instant());
      }
    }
  }

  private static Set<Role> roles(JsonNode node) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (node.isArray()) {
      for (JsonNode r : node) {
        try {
          roles.add(Role.valueOf(r.asText().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw Problem.invalid(
              "unknown role \"" + r.asText() + "\"; roles are viewer, deployer, editor and admin",
              List.of(Map.of("path", "roles", "message", "unknown role " + r.asText())));
        }
      }
    }
    if (roles.isEmpty()) {
      throw Problem.invalid(
          "\"roles\" must list at least one of viewer, deployer, editor, admin",
          List.of(Map.of("path", "roles", "message", "required")));
    }
    return roles;
  }

  private static ObjectNode member(Member m) {
    ObjectNode n = JSON.createObjectNode();
    n.put("userId", m.userId());
    n.set("roles", JSON.valueToTree(roleNames(m.roles())));
    n.put("addedAt", m.addedAt().toString());
    return n;
  }

  private static List<String> roleNames(Set<Role> roles) {
    return roles.stream().sorted().map(r -> r.name().toLowerCase(Locale.ROOT)).toList();
  }

  // ---------------------------------------------------------------- API keys

  HttpResponse listKeys(HttpRequest request, Map<String, String> vars) {
    Caller caller = requests.caller(request, Role.ADMIN);
    ObjectNode out = JSON.createObjectNode();
    ArrayNode items = out.putArray("items");
    Instant now = s.clock().instant();
    for (ApiKey k : all(p -> s.apiKeyStore().list(caller.tenant(), p))) {
      items.add(key(k, now));
    }
    return HttpResponse.json(200, out.toString());
  }

  HttpResponse createKey(HttpRequest request, Map<String, String> vars) {
    Caller caller = requests.caller(request, Role.ADMIN);
    JsonNode body = Requests.jsonObject(request);
    String name = body.path("name").asText("").trim();
    if (!KEY_NAME.matcher(name).matches()) {
      throw Problem.invalid(
          "\"name\" names whose key this is: a member's e-mail or a tool such as ci-deployer",
          List.of(Map.of("path", "name", "message", "1-100 letters, digits, @ . _ + -")));
    }
    Role role;
    try {
      role = Role.valueOf(body.path("role").asText("").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Problem.invalid(
          "\"role\" must be viewer, deployer, editor or admin",
          List.of(Map.of("path", "role", "message", "viewer, deployer, editor or admin")));
    }
    Optional<Member> member = s.tenants().getMember(caller.tenant(), name);
    if (member.isPresent() && role.compareTo(Collections.max(member.get().roles())) > 0) {
      throw Problem.invalid(
          name
              + " is "
              + roleNames(member.get().roles())
              + "; their key cannot be "
              + role.name().toLowerCase(Locale.ROOT),
          List.of(Map.of("path", "role", "message", "above the member's roles")));
    }
    Optional<Instant> expiresAt = Optional.empty();
    if (body.has("expiresInDays")) {
      long days = body.get("expiresInDays").asLong(0);
      if (!body.get("expiresInDays").isIntegralNumber() || days < 1 || days > 730) {
        throw Problem.invalid(
            "\"expiresInDays\" must be a whole number of days from 1 to 730",
            List.of(Map.of("path", "expiresInDays", "message", "1 to 730")));
      }
      expiresAt = Optional.of(s.clock().instant().plus(Duration.ofDays(days)));
    }
    ApiKeys.Issued issued = s.apiKeys().issue(caller.tenant(), name, role, expiresAt);
    audit.record(
        caller.tenant(),
        caller.userId(),
        request,
        "api-key.created",
        "api-key",
        issued.record().keyId(),
        Map.of("name", name, "role", role.name().toLowerCase(Locale.ROOT)));
    ObjectNode out = key(issued.record(), s.clock().instant());
    out.put("key", issued.key());
    out.put("note", "the key is shown once; keep it in a secret store");
    return HttpResponse.json(201, out.toString());
  }

  HttpResponse revokeKey(HttpRequest request, Map<String, String> vars) {
    Caller caller = requests.caller(request, Role.ADMIN);
    String keyId = vars.get("keyId");
    Optional<ApiKey> key;
    try {
      key = s.apiKeyStore().get(caller.tenant(), keyId);
    } catch (IllegalArgumentException e) {
      key = Optional.empty();
    }
    if (key.isEmpty()) {
      throw Problem.notFound("API key " + keyId);
    }
    ApiKey revoked = s.apiKeyStore().revoke(caller.tenant(), keyId, s.clock().instant());
    audit.record(
        caller.tenant(),
        caller.userId(),
        request,
        "api-key.revoked",
        "api-key",
        keyId,
        Map.of("name", revoked.name()));
    return HttpResponse.json(200, key(revoked, s.clock().instant()).toString());
  }

  private static ObjectNode key(ApiKey k, Instant now) {
    ObjectNode n = JSON.createObjectNode();
    n.put("keyId", k.keyId());
    n.put("prefix", k.visiblePrefix());
    n.put("name", k.name());
    n.put("role", k.role().name().toLowerCase(Locale.ROOT));
    n.put("createdAt", k.createdAt().toString());
    k.lastUsedAt().ifPresent(t -> n.put("lastUsedAt", t.toString()));
    k.expiresAt().ifPresent(t -> n.put("expiresAt", t.toString()));
    k.revokedAt().ifPresent(t -> n.put("revokedAt", t.toString()));
    n.put(
        "status", k.revokedAt().isPresent() ? "revoked" : k.isValidAt(now) ? "active" : "expired");
    return n;
  }

  // ---------------------------------------------------------------- helpers

  private Tenant tenant(Caller caller) {
    return s.tenants()
        .getTenant(caller.tenant())
        .orElseThrow(() -> Problem.notFound("tenant " + caller.tenant()));
  }

  static ObjectNode tenantJson(Tenant t) {
    ObjectNode n = JSON.createObjectNode();
    n.put("tenantId", t.id().value());
    n.put("displayName", t.displayName());
    n.put("status", t.status().name());
    n.put("draining", t.draining());
    n.put("createdAt", t.createdAt().toString());
    n.set("repositories", JSON.valueToTree(t.repositories()));
    n.put("slackChannel", t.slackChannel());
    return n;
  }

  private static <T> List<T> all(Function<PageRequest, Page<T>> query) {
    List<T> out = new ArrayList<>();
    Optional<String> token = Optional.empty();
    do {
      Page<T> page = query.apply(new PageRequest(100, token));
      out.addAll(page.items());
      token = page.nextToken();
    } while (token.isPresent());
    return out;
  }
}
