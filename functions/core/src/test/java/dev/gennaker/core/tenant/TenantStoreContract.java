package dev.gennaker.core.tenant;

import static dev.gennaker.core.store.Fixtures.T0;
import static dev.gennaker.core.store.Fixtures.freshTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.store.Fixtures;
import dev.gennaker.core.store.InvalidPageTokenException;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link TenantStore}. */
public abstract class TenantStoreContract {
  protected abstract TenantStore newStore(PageTokens tokens);

  private TenantStore store;
  private TenantId tenant;

  @BeforeEach
  void setUp() {
    store = newStore(Fixtures.TOKENS);
    tenant = freshTenant();
    store.createTenant(new Tenant(tenant, "Acme", T0));
  }

  @Test
  void tenant_isCreatedOnce() {
    assertThat(store.getTenant(tenant)).contains(new Tenant(tenant, "Acme", T0));
    assertThatThrownBy(() -> store.createTenant(new Tenant(tenant, "Other", T0)))
        .isInstanceOf(AlreadyExistsException.class);
    assertThat(store.getTenant(freshTenant())).isEmpty();
  }

  @Test
  void tenant_settingsAreUpdated_andDeleteRemovesItWithItsMembers() {
    Tenant updated =
        store
            .getTenant(tenant)
            .orElseThrow()
            .withStatus(Tenant.Status.PROVISIONING)
            .withDraining(true)
            .withDeclared("Acme Corp", java.util.List.of("acme/shop"), "#deploys");
    store.updateTenant(updated);
    assertThat(store.getTenant(tenant)).contains(updated);
    assertThatThrownBy(() -> store.updateTenant(new Tenant(freshTenant(), "Ghost", T0)))
        .isInstanceOf(dev.gennaker.core.store.NotFoundException.class);

    store.putMember(new Member(tenant, "alice@acme.io", Set.of(Role.ADMIN), T0));
    store.deleteTenant(tenant);
    store.deleteTenant(tenant);
    assertThat(store.getTenant(tenant)).isEmpty();
    assertThat(store.getMember(tenant, "alice@acme.io")).isEmpty();
    store.createTenant(new Tenant(tenant, "Acme again", T0));
    assertThat(store.listMembers(tenant, PageRequest.first(10)).items()).isEmpty();
  }

  @Test
  void members_putReplacesRoles_listPages_removeIsIdempotent() {
    store.putMember(new Member(tenant, "bob@acme.io", Set.of(Role.VIEWER), T0));
    store.putMember(new Member(tenant, "alice@acme.io", Set.of(Role.ADMIN), T0));
    store.putMember(new Member(tenant, "bob@acme.io", Set.of(Role.DEPLOYER, Role.EDITOR), T0));
    assertThat(store.getMember(tenant, "bob@acme.io").orElseThrow().roles())
        .containsExactlyInAnyOrder(Role.DEPLOYER, Role.EDITOR);
    Page<Member> first = store.listMembers(tenant, PageRequest.first(1));
    assertThat(first.items()).extracting(Member::userId).containsExactly("alice@acme.io");
    Page<Member> second =
        store.listMembers(tenant, PageRequest.after(1, first.nextToken().orElseThrow()));
    assertThat(second.items()).extracting(Member::userId).containsExactly("bob@acme.io");
    assertThat(second.nextToken()).isEmpty();
    store.removeMember(tenant, "bob@acme.io");
    store.removeMember(tenant, "bob@acme.io");
    assertThat(store.getMember(tenant, "bob@acme.io")).isEmpty();
  }

  @Test
  void putMember_ofUnknownTenant_isNotFound() {
    assertThatThrownBy(
            () -> store.putMember(new Member(freshTenant(), "x@y.z", Set.of(Role.ADMIN), T0)))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void tenantB_seesNothingOfTenantA_throughAnyMethod() {
    TenantId other = freshTenant();
    store.createTenant(new Tenant(other, "Other", T0));
    store.putMember(new Member(tenant, "alice@acme.io", Set.of(Role.ADMIN), T0));
    store.putMember(new Member(tenant, "bob@acme.io", Set.of(Role.ADMIN), T0));
    assertThat(store.getMember(other, "alice@acme.io")).isEmpty();
    assertThat(store.listMembers(other, PageRequest.first(10)).items()).isEmpty();
    store.removeMember(other, "alice@acme.io");
    assertThat(store.getMember(tenant, "alice@acme.io")).isPresent();
    String token = store.listMembers(tenant, PageRequest.first(1)).nextToken().orElseThrow();
    assertThatThrownBy(() -> store.listMembers(other, PageRequest.after(1, token)))
        .isInstanceOf(InvalidPageTokenException.class);
  }
}
