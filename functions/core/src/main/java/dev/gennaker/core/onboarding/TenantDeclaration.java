package dev.gennaker.core.onboarding;

import dev.gennaker.core.pipeline.stage.SpecReader;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.yaml.Diagnostic;
import dev.gennaker.core.yaml.Diagnostics;
import dev.gennaker.core.yaml.Fields;
import dev.gennaker.core.yaml.YamlLoader;
import dev.gennaker.core.yaml.YamlNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant as declared in {@code tenants/<id>/tenant.yaml}: its name, members and roles, clusters
 * with the namespaces agents may deploy to, GitHub repositories and Slack channel. Read with the
 * same diagnostics as pipeline files (line, column, path, did-you-mean); JSON is YAML too.
 */
public record TenantDeclaration(
    String id,
    String name,
    List<DeclaredMember> members,
    List<DeclaredCluster> clusters,
    List<String> repositories,
    String slackChannel) {

  public static final String API_VERSION = "gennaker.dev/v1";
  public static final String KIND = "Tenant";

  /** A member: their user id (e-mail) and roles. */
  public record DeclaredMember(String user, Set<Role> roles) {}

  /** A cluster: stable id, display name, and the namespaces its agents may deploy to. */
  public record DeclaredCluster(String id, String name, List<String> namespaces) {}

  /** What reading a declaration found: the declaration, or every problem. */
  public record Reading(Optional<TenantDeclaration> declaration, List<Diagnostic> diagnostics) {
    public boolean valid() {
      return declaration.isPresent();
    }
  }

  private static final Set<String> ROOT = Set.of("apiVersion", "kind", "metadata", "spec");
  private static final Set<String> METADATA = Set.of("id", "name");
  private static final Set<String> SPEC = Set.of("members", "clusters", "github", "slack");
  private static final Set<String> MEMBER = Set.of("user", "roles");
  private static final Set<String> CLUSTER = Set.of("id", "name", "namespaces");
  private static final Set<String> GITHUB = Set.of("repositories");
  private static final Set<String> SLACK = Set.of("channel");
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  private static final Pattern USER = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@]+");
  private static final Pattern CHANNEL = Pattern.compile("#?[a-z0-9][a-z0-9_-]{0,79}");

  /** Reads a declaration from YAML (or JSON) text. */
  public static Reading read(String text) {
    Diagnostics d = new Diagnostics();
    Optional<YamlNode> root = new YamlLoader().load(text, d);
    if (root.isEmpty()) {
      return new Reading(Optional.empty(), d.sorted());
    }
    TenantDeclaration declaration = parse(root.get(), d);
    return new Reading(
        d.isEmpty() ? Optional.ofNullable(declaration) : Optional.empty(), d.sorted());
  }

  private static TenantDeclaration parse(YamlNode root, Diagnostics d) {
    Optional<Fields> file = Fields.of(root, d, "a tenant file", ROOT);
    if (file.isEmpty()) {
      return null;
    }
    Fields f = file.get();
    String apiVersion = f.requiredString("apiVersion");
    if (apiVersion != null && !apiVersion.equals(API_VERSION)) {
      d.error(
          f.node("apiVersion"),
          "unsupported apiVersion \""
              + apiVersion
              + "\"; tenant files use \""
              + API_VERSION
              + "\"");
    }
    String kind = f.requiredString("kind");
    if (kind != null && !kind.equals(KIND)) {
      d.error(f.node("kind"), "kind must be \"" + KIND + "\", found \"" + kind + "\"");
    }
    YamlNode metaNode = f.required("metadata");
    String id = null;
    String name = null;
    if (metaNode != null) {
      Optional<Fields> meta = Fields.of(metaNode, d, "metadata", METADATA);
      if (meta.isPresent()) {
        id = meta.get().requiredString("id");
        name = meta.get().string("name");
      }
    }
    YamlNode specNode = f.required("spec");
    if (specNode == null) {
      return null;
    }
    Optional<Fields> specFields = Fields.of(specNode, d, "spec", SPEC);
    if (specFields.isEmpty()) {
      return null;
    }
    Fields spec = specFields.get();
    List<DeclaredMember> members = spec.list("members", n -> member(n, d));
    List<DeclaredCluster> clusters = spec.list("clusters", n -> cluster(n, d));
    List<String> repositories = new ArrayList<>();
    if (spec.has("github")) {
      Fields.of(spec.node("github"), d, "github", GITHUB)
          .ifPresent(
              g -> {
                YamlNode list = g.node("repositories");
                for (String repo : g.strings("repositories")) {
                  if (!REPOSITORY.matcher(repo).matches()) {
                    d.error(
                        list,
                        "repository \"" + repo + "\" must be written owner/name, e.g. acme/shop");
                  }
                  repositories.add(repo);
                }
              });
    }
    String channel = "";
    if (spec.has("slack")) {
      Optional<Fields> slack = Fields.of(spec.node("slack"), d, "slack", SLACK);
      if (slack.isPresent()) {
        channel = slack.get().string("channel", "");
        if (!channel.isEmpty() && !CHANNEL.matcher(channel).matches()) {
          d.error(
              slack.get().node("channel"),
              "\"" + channel + "\" is not a Slack channel name (lowercase, e.g. #deploys)");
        }
      }
    }
    duplicates(
        spec.node("members"), members.stream().map(DeclaredMember::user).toList(), "member", d);
    duplicates(
        spec.node("clusters"), clusters.stream().map(DeclaredCluster::id).toList(), "cluster", d);
    if (members.stream().noneMatch(m -> m.roles().contains(Role.ADMIN))) {
      d.error(
          spec.has("members") ? spec.node("members") : spec.mapping(),
          "declare at least one member with the admin role, or nobody could change the tenant");
    }
    return new TenantDeclaration(
        id, name == null ? id : name, members, clusters, repositories, channel);
  }

  private static DeclaredMember member(YamlNode node, Diagnostics d) {
    Optional<Fields> fields = Fields.of(node, d, "a member", MEMBER);
    if (fields.isEmpty()) {
      return null;
    }
    Fields f = fields.get();
    String user = f.requiredString("user");
    if (user != null && !USER.matcher(user).matches()) {
      d.error(f.node("user"), "user \"" + user + "\" must be an e-mail address");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    YamlNode rolesNode = f.required("roles");
    for (String r : f.strings("roles")) {
      try {
        roles.add(Role.valueOf(r.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        d.error(
            rolesNode, "unknown role \"" + r + "\"; roles are viewer, deployer, editor and admin");
      }
    }
    if (rolesNode != null && roles.isEmpty() && f.strings("roles").isEmpty()) {
      d.error(rolesNode, "give the member at least one role");
    }
    return user == null ? null : new DeclaredMember(user, roles);
  }

  private static DeclaredCluster cluster(YamlNode node, Diagnostics d) {
    Optional<Fields> fields = Fields.of(node, d, "a cluster", CLUSTER);
    if (fields.isEmpty()) {
      return null;
    }
    Fields f = fields.get();
    String id = f.requiredString("id");
    if (id != null && !SpecReader.validId(id)) {
      d.error(
          f.node("id"),
          "cluster id \"" + id + "\" must be lowercase letters, digits and '-', at most 63");
    }
    List<String> namespaces = f.strings("namespaces");
    for (String ns : namespaces) {
      if (!SpecReader.validId(ns)) {
        d.error(f.node("namespaces"), "\"" + ns + "\" is not a Kubernetes namespace name");
      }
    }
    if (!f.has("namespaces")) {
      f.required("namespaces");
    }
    return id == null ? null : new DeclaredCluster(id, f.string("name", id), namespaces);
  }

  private static void duplicates(YamlNode at, List<String> values, String what, Diagnostics d) {
    Set<String> seen = new HashSet<>();
    for (String v : values) {
      if (!seen.add(v)) {
        d.error(at, what + " \"" + v + "\" is declared twice");
      }
    }
  }
}
