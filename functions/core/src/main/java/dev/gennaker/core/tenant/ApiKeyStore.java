package dev.gennaker.core.tenant;

import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * Stored API keys (hashes only; see {@link ApiKeys} for issuing and verifying). All methods may
 * also throw {@link dev.gennaker.core.store.StoreUnavailableException}. Thread-safe.
 */
public interface ApiKeyStore {

  /** Stores a new key record. @throws AlreadyExistsException if the key id is taken */
  void create(ApiKey key);

  /** The key record, or empty. */
  Optional<ApiKey> get(TenantId tenant, String keyId);

  /** Key records ordered by key id. */
  Page<ApiKey> list(TenantId tenant, PageRequest page);

  /**
   * Marks a key revoked. Idempotent: revoking a revoked key keeps the first revocation time.
   *
   * @throws NotFoundException if there is no such key
   */
  ApiKey revoke(TenantId tenant, String keyId, Instant at);

  /**
   * Records that the key was used at {@code at}, without a version check (uses commute; an older
   * time never overwrites a newer one). Does nothing for an absent key.
   */
  void touch(TenantId tenant, String keyId, Instant at);

  /** Removes a key record entirely (undoing a sign-up that could not finish). Idempotent. */
  void delete(TenantId tenant, String keyId);
}
