package dev.gennaker.core.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.cluster.Agent;
import dev.gennaker.core.cluster.Cluster;
import dev.gennaker.core.cluster.InMemoryClusterStore;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.ApiKeys;
import dev.gennaker.core.tenant.InMemoryApiKeyStore;
import dev.gennaker.core.tenant.InMemoryTenantStore;
import dev.gennaker.core.tenant.Member;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.Tenant;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.core.yaml.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tenant files: read with pipeline-quality errors, applied idempotently. */
class TenantDeclarationTest {
  private static final TenantId DEMO = TenantId.of("demo");

  private static Path repo() {
    String configured = System.getProperty("gennaker.repo");
    Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("tenants/demo"))) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find tenants/demo above " + start);
  }

  private static List<String> problems(String text) {
    return TenantDeclaration.read(text).diagnostics().stream()
        .map(d -> d.format("tenant.yaml"))
        .toList();
  }

  @Test
  void theDemoTenant_isValid() throws Exception {
    TenantDeclaration.Reading r =
        TenantDeclaration.read(Files.readString(repo().resolve("tenants/demo/tenant.yaml")));
    assertThat(r.diagnostics()).extracting(Diagnostic::message).isEmpty();
    TenantDeclaration d = r.declaration().orElseThrow();
    assertThat(d.id()).isEqualTo("demo");
    assertThat(d.clusters())
        .extracting(TenantDeclaration.DeclaredCluster::id)
        .containsExactly("staging", "production");
    assertThat(d.members()).hasSize(4);
    assertThat(d.repositories()).containsExactly("demo/shop");
  }

  @Test
  void everyProblem_isReported_withItsPosition() {
    String text =
        """
        apiVersion: gennaker.dev/v1
        kind: Tenant
        metadata:
          id: acme
        spec:
          members:
            - user: ana@acme.io
              roles: [admn]
            - user: not-an-email
              role: [viewer]
          clusters:
            - id: Prod
              namespaces: [shop]
            - id: staging
              namepsaces: [shop]
          github:
            repositories: [shop]
          slak:
            channel: deploys
        """;
    assertThat(problems(text))
        .containsExactly(
            "tenant.yaml:7:5: error: declare at least one member with the admin role, or nobody"
                + " could change the tenant [at spec.members]",
            "tenant.yaml:8:14: error: unknown role \"admn\"; roles are viewer, deployer, editor"
                + " and admin [at spec.members[0].roles]",
            "tenant.yaml:9:7: error: missing required field \"roles\" [at"
                + " spec.members[1].roles]",
            "tenant.yaml:9:13: error: user \"not-an-email\" must be an e-mail address [at"
                + " spec.members[1].user]",
            "tenant.yaml:10:7: error: unknown field \"role\" (did you mean \"roles\"?) [at"
                + " spec.members[1].role]",
            "tenant.yaml:12:11: error: cluster id \"Prod\" must be lowercase letters, digits and"
                + " '-', at most 63 [at spec.clusters[0].id]",
            "tenant.yaml:14:7: error: missing required field \"namespaces\" [at"
                + " spec.clusters[1].namespaces]",
            "tenant.yaml:15:7: error: unknown field \"namepsaces\" (did you mean"
                + " \"namespaces\"?) [at spec.clusters[1].namepsaces]",
            "tenant.yaml:17:19: error: repository \"shop\" must be written owner/name, e.g."
                + " acme/shop [at spec.github.repositories]",
            "tenant.yaml:18:3: error: unknown field \"slak\" (did you mean \"slack\"?) [at"
                + " spec.slak]");
  }

  @Test
  void applying_isIdempotent_pruneRemovesTheUndeclared_andDemotionRevokesKeys() throws Exception {
    PageTokens tokens = PageTokens.withPassphrase("declaration-test");
    Clock clock = Clock.systemUTC();
    InMemoryTenantStore tenants = new InMemoryTenantStore(tokens);
    InMemoryClusterStore clusters = new InMemoryClusterStore(tokens);
    InMemoryApiKeyStore keyStore = new InMemoryApiKeyStore(tokens);
    ApiKeys keys = new ApiKeys(keyStore, clock);
    Instant now = clock.instant();
    tenants.createTenant(new Tenant(DEMO, "Demo", now));
    tenants.putMember(new Member(DEMO, "old@demo.gennaker.dev", Set.of(Role.ADMIN), now));
    tenants.putMember(new Member(DEMO, "lead@demo.gennaker.dev", Set.of(Role.ADMIN), now));
    String leadKey = keys.issue(DEMO, "lead@demo.gennaker.dev", Role.ADMIN).key();
    String oldKey = keys.issue(DEMO, "old@demo.gennaker.dev", Role.VIEWER).key();
    clusters.createCluster(new Cluster(DEMO, "staging", "Old name", now, 0));
    clusters.createCluster(new Cluster(DEMO, "legacy", "Legacy", now, 0));
    clusters.createAgent(
        new Agent(
            DEMO,
            "agent-1",
            "staging",
            Set.of("everything"),
            ApiKeys.sha256Hex("x"),
            Optional.empty(),
            Optional.empty(),
            now,
            0));
    TenantDeclaration demo =
        TenantDeclaration.read(Files.readString(repo().resolve("tenants/demo/tenant.yaml")))
            .declaration()
            .orElseThrow();
    ApplyTenantDeclaration apply = new ApplyTenantDeclaration(tenants, clusters, keyStore, clock);

    ApplyTenantDeclaration.Outcome first = apply.apply(DEMO, demo, false);
    assertThat(first.changes())
        .contains(
            "tenant settings updated",
            "member added: admin@demo.gennaker.dev [admin]",
            "member roles changed: lead@demo.gennaker.dev [deployer, editor]",
            "cluster renamed: staging to \"Staging (simulated)\"",
            "agent agent-1 namespaces: shop-staging",
            "cluster added: production");
    assertThat(first.undeclared())
        .containsExactly("member old@demo.gennaker.dev", "cluster legacy");
    assertThat(keys.verify(leadKey)).as("the lead is no longer admin").isEmpty();
    assertThat(keys.verify(oldKey)).isPresent();
    assertThat(tenants.getTenant(DEMO).orElseThrow().slackChannel()).isEqualTo("#shop-deploys");
    assertThat(clusters.getAgent(DEMO, "agent-1").orElseThrow().namespaceAllowList())
        .containsExactly("shop-staging");

    assertThat(apply.apply(DEMO, demo, false).changes()).isEmpty();

    String oldPrefix = keys.verify(oldKey).orElseThrow().visiblePrefix();
    ApplyTenantDeclaration.Outcome pruned = apply.apply(DEMO, demo, true);
    assertThat(pruned.changes())
        .containsExactly(
            "member removed: old@demo.gennaker.dev",
            "API key " + oldPrefix + " of old@demo.gennaker.dev revoked",
            "cluster deleted: legacy");
    assertThat(keys.verify(oldKey)).isEmpty();
    assertThat(tenants.listMembers(DEMO, PageRequest.first(10)).items()).hasSize(4);
    assertThat(clusters.getCluster(DEMO, "legacy")).isEmpty();
  }
}
