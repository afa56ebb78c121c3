package dev.gennaker.core.tenant;

import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import java.util.Optional;

/**
 * Tenants and their members. Every read is addressed by the caller's tenant and returns nothing of
 * any other tenant. All methods may also throw {@link
 * dev.gennaker.core.store.StoreUnavailableException}. Thread-safe.
 */
public interface TenantStore {

  /**
   * Creates a tenant. Not idempotent by design: a second create with the same id throws {@link
   * AlreadyExistsException}, so two sign-ups cannot claim one id.
   */
  void createTenant(Tenant tenant);

  /** The tenant, or empty. */
  Optional<Tenant> getTenant(TenantId id);

  /**
   * Replaces a tenant's record (status, settings). Last write wins.
   *
   * @throws NotFoundException if the tenant does not exist
   */
  void updateTenant(Tenant tenant);

  /**
   * Removes a tenant record and its members (undoing a sign-up that could not finish). Idempotent.
   */
  void deleteTenant(TenantId id);

  /**
   * Adds a member or replaces its roles. Idempotent (last write wins: roles are set, not merged).
   *
   * @throws NotFoundException if the tenant does not exist
   */
  void putMember(Member member);

  /** The member, or empty. */
  Optional<Member> getMember(TenantId tenant, String userId);

  /**
   * Members ordered by user id.
   *
   * @throws dev.gennaker.core.store.InvalidPageTokenException for a token of another tenant or
   *     query
   */
  Page<Member> listMembers(TenantId tenant, PageRequest page);

  /** Removes a member. Idempotent: removing an absent member does nothing. */
  void removeMember(TenantId tenant, String userId);
}
