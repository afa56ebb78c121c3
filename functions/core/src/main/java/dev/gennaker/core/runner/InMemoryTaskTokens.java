package dev.gennaker.core.runner;

import dev.gennaker.core.tenant.TenantId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Task tokens in memory, for tests and single-process use. */
public final class InMemoryTaskTokens implements TaskTokens {
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  private static String key(TenantId t, String execution, String stage, int attempt) {
    return t.value() + "/" + execution + "/" + stage + "/" + attempt;
  }

  @Override
  public void put(TenantId tenant, String executionId, String stageId, int attempt, String token) {
    tokens.put(key(tenant, executionId, stageId, attempt), token);
  }

  @Override
  public Optional<String> get(TenantId tenant, String executionId, String stageId, int attempt) {
    return Optional.ofNullable(tokens.get(key(tenant, executionId, stageId, attempt)));
  }

  @Override
  public void remove(TenantId tenant, String executionId, String stageId, int attempt) {
    tokens.remove(key(tenant, executionId, stageId, attempt));
  }
}
