package dev.gennaker.core.slack;

import dev.gennaker.core.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link SlackMessages} in memory, for tests and tools. Runs the same contract suite. */
public final class InMemorySlackMessages implements SlackMessages {
  private final Map<String, SlackMessage> messages = new TreeMap<>();

  private static String key(TenantId tenant, String executionId, String key) {
    return tenant.value() + "/" + executionId + "/" + key;
  }

  @Override
  public synchronized void put(SlackMessage message) {
    messages.put(key(message.tenant(), message.executionId(), message.key()), message);
  }

  @Override
  public synchronized Optional<SlackMessage> get(TenantId tenant, String executionId, String key) {
    return Optional.ofNullable(messages.get(key(tenant, executionId, key)));
  }

  @Override
  public synchronized List<SlackMessage> list(TenantId tenant, String executionId) {
    String prefix = key(tenant, executionId, "");
    return messages.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(Map.Entry::getValue)
        .toList();
  }
}
