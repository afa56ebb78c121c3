package dev.gennaker.core.onboarding;

import dev.gennaker.core.cluster.Agent;
import dev.gennaker.core.cluster.Cluster;
import dev.gennaker.core.cluster.ClusterStore;
import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.tenant.ApiKey;
import dev.gennaker.core.tenant.ApiKeyStore;
import dev.gennaker.core.tenant.Member;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.Tenant;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.core.tenant.TenantStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Makes a tenant match its declaration: settings, members and their roles, clusters with their
 * names and the namespaces their agents may deploy to. Applying the same file twice changes nothing
 * the second time. Members and clusters the file does not mention are kept and reported, unless
 * {@code prune} is asked for: then they are removed (a removed member's keys are revoked; a removed
 * cluster's agents stop working). A member whose roles shrink loses the keys that were worth more.
 */
public final class ApplyTenantDeclaration {
  private final TenantStore tenants;
  private final ClusterStore clusters;
  private final ApiKeyStore keys;
  private final Clock clock;

  public ApplyTenantDeclaration(
      TenantStore tenants, ClusterStore clusters, ApiKeyStore keys, Clock clock) {
    this.tenants = tenants;
    this.clusters = clusters;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * What applying did.
   *
   * @param changes one line per change, in the order made; empty when nothing changed
   * @param undeclared members ("member ana@…") and clusters ("cluster prod") that exist but are not
   *     in the file (removed when pruning)
   */
  public record Outcome(List<String> changes, List<String> undeclared) {}

  /**
   * Applies on behalf of {@code who}, who needs the admin role.
   *
   * @throws dev.gennaker.core.tenant.Principal.ForbiddenException below admin
   */
  public Outcome apply(
      dev.gennaker.core.tenant.Principal who, TenantDeclaration declaration, boolean prune) {
    who.require(Role.ADMIN);
    return apply(who.tenant(), declaration, prune);
  }

  /**
   * @throws NotFoundException if the tenant does not exist
   */
  public Outcome apply(TenantId tenant, TenantDeclaration declaration, boolean prune) {
    Instant now = clock.instant();
    List<String> changes = new ArrayList<>();
    List<String> undeclared = new ArrayList<>();
    Tenant current =
        tenants.getTenant(tenant).orElseThrow(() -> new NotFoundException("tenant " + tenant));
    Tenant declared =
        current.withDeclared(
            declaration.name(), declaration.repositories(), declaration.slackChannel());
    if (!declared.equals(current)) {
      tenants.updateTenant(declared);
      changes.add("tenant settings updated");
    }

    Set<String> declaredUsers = new HashSet<>();
    for (TenantDeclaration.DeclaredMember m : declaration.members()) {
      declaredUsers.add(m.user());
      Optional<Member> existing = tenants.getMember(tenant, m.user());
      if (existing.isEmpty() || !existing.get().roles().equals(m.roles())) {
        tenants.putMember(
            new Member(tenant, m.user(), m.roles(), existing.map(Member::addedAt).orElse(now)));
        changes.add(
            (existing.isEmpty() ? "member added: " : "member roles changed: ")
                + m.user()
                + " "
                + roleNames(m.roles()));
        revokeKeysAbove(tenant, m.user(), Collections.max(m.roles()), changes);
      }
    }
    for (Member m : all(p -> tenants.listMembers(tenant, p))) {
      if (!declaredUsers.contains(m.userId())) {
        undeclared.add("member " + m.userId());
        if (prune) {
          tenants.removeMember(tenant, m.userId());
          changes.add("member removed: " + m.userId());
          revokeKeysAbove(tenant, m.userId(), null, changes);
        }
      }
    }

    Set<String> declaredClusters = new HashSet<>();
    for (TenantDeclaration.DeclaredCluster c : declaration.clusters()) {
      declaredClusters.add(c.id());
      applyCluster(tenant, c, now, changes);
    }
    for (Cluster c : all(p -> clusters.listClusters(tenant, p))) {
      if (!declaredClusters.contains(c.clusterId())) {
        undeclared.add("cluster " + c.clusterId());
        if (prune) {
          clusters.deleteCluster(tenant, c.clusterId());
          changes.add("cluster deleted: " + c.clusterId());
        }
      }
    }
    return new Outcome(List.copyOf(changes), List.copyOf(undeclared));
  }

  private void applyCluster(
      TenantId tenant, TenantDeclaration.DeclaredCluster c, Instant now, List<String> changes) {
    Optional<Cluster> existing = clusters.getCluster(tenant, c.id());
    if (existing.isEmpty()) {
      try {
        clusters.createCluster(new Cluster(tenant, c.id(), c.name(), now, 0));
        changes.add("cluster added: " + c.id());
      } catch (AlreadyExistsException raced) {
        // created a moment ago by someone else: treated as existing below
      }
    } else if (!existing.get().displayName().equals(c.name())) {
      clusters.updateCluster(existing.get().withDisplayName(c.name()));
      changes.add("cluster renamed: " + c.id() + " to \"" + c.name() + "\"");
    }
    Set<String> namespaces = Set.copyOf(c.namespaces());
    for (Agent a : all(p -> clusters.listAgents(tenant, c.id(), p))) {
      if (!a.namespaceAllowList().equals(namespaces)) {
        try {
          clusters.updateAgent(a.withNamespaceAllowList(namespaces));
          changes.add("agent " + a.agentId() + " namespaces: " + String.join(", ", c.namespaces()));
        } catch (ConflictException e) {
          throw new ConflictException(
              "agent " + a.agentId() + " changed while applying; apply the file again");
        }
      }
    }
  }

  /** Revokes the user's keys whose role is above {@code max} (all of them when null). */
  private void revokeKeysAbove(TenantId tenant, String user, Role max, List<String> changes) {
    for (ApiKey k : all(p -> keys.list(tenant, p))) {
      if (k.isActive() && k.name().equals(user) && (max == null || k.role().compareTo(max) > 0)) {
        keys.revoke(tenant, k.keyId(), clock.instant());
        changes.add("API key " + k.visiblePrefix() + " of " + user + " revoked");
      }
    }
  }

  private static String roleNames(Set<Role> roles) {
    return roles.stream().sorted().map(r -> r.name().toLowerCase()).toList().toString();
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
