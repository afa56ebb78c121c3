package dev.gennaker.core.tenant;

import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.store.InMemoryPaging;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link ApiKeyStore} in memory, for tests and tools. Runs the same contract suite. */
public final class InMemoryApiKeyStore implements ApiKeyStore {
  private final PageTokens tokens;
  private final Map<TenantId, TreeMap<String, ApiKey>> keys = new HashMap<>();

  public InMemoryApiKeyStore(PageTokens tokens) {
    this.tokens = tokens;
  }

  private TreeMap<String, ApiKey> of(TenantId tenant) {
    return keys.computeIfAbsent(tenant, t -> new TreeMap<>());
  }

  @Override
  public synchronized void create(ApiKey key) {
    if (of(key.tenant()).putIfAbsent(key.keyId(), key) != null) {
      throw new AlreadyExistsException("API key " + key.keyId() + " already exists");
    }
  }

  @Override
  public synchronized Optional<ApiKey> get(TenantId tenant, String keyId) {
    return Optional.ofNullable(of(tenant).get(keyId));
  }

  @Override
  public synchronized Page<ApiKey> list(TenantId tenant, PageRequest page) {
    return InMemoryPaging.page(tokens, tenant, "api-keys", new TreeMap<>(of(tenant)), page);
  }

  @Override
  public synchronized void touch(TenantId tenant, String keyId, Instant at) {
    of(tenant)
        .computeIfPresent(
            keyId,
            (id, k) ->
                k.lastUsedAt().map(t -> t.isBefore(at)).orElse(true) ? k.withLastUsedAt(at) : k);
  }

  @Override
  public synchronized void delete(TenantId tenant, String keyId) {
    of(tenant).remove(keyId);
  }

  @Override
  public synchronized ApiKey revoke(TenantId tenant, String keyId, Instant at) {
    ApiKey key = of(tenant).get(keyId);
    if (key == null) {
      throw new NotFoundException("API key " + keyId + " does not exist");
    }
    if (key.isActive()) {
      key = key.revoked(at);
      of(tenant).put(keyId, key);
    }
    return key;
  }
}
