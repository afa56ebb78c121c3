package dev.gennaker.core.secret;

import java.util.Optional;

/**
 * A tenant's secrets by name ({@code github-webhook}, {@code slack-bot-token}, {@code
 * agent-registration/<agentId>}; names follow {@link dev.gennaker.core.store.Ids} plus {@code /}).
 * Implementations never log secret values and never put them in exception messages. Writes replace
 * (idempotent); deletes of absent secrets do nothing. Backing-store failures surface as {@link
 * dev.gennaker.core.store.StoreUnavailableException}. Thread-safe.
 */
public interface SecretStore {

  /** Creates or replaces a secret. */
  void put(SecretRef ref, SecretValue value);

  /** The secret, or empty. */
  Optional<SecretValue> get(SecretRef ref);

  /** Removes a secret. Idempotent. */
  void delete(SecretRef ref);
}
