package dev.gennaker.core.secret;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link SecretStore} in memory, for tests and tools. Runs the same contract suite. */
public final class InMemorySecretStore implements SecretStore {
  private final Map<SecretRef, SecretValue> secrets = new ConcurrentHashMap<>();

  @Override
  public void put(SecretRef ref, SecretValue value) {
    secrets.put(ref, value);
  }

  @Override
  public Optional<SecretValue> get(SecretRef ref) {
    return Optional.ofNullable(secrets.get(ref));
  }

  @Override
  public void delete(SecretRef ref) {
    secrets.remove(ref);
  }
}
