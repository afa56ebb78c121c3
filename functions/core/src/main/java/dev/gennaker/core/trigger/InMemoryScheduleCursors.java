package dev.gennaker.core.trigger;

import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link ScheduleCursors} in memory, for tests and tools. Runs the same contract suite. */
public final class InMemoryScheduleCursors implements ScheduleCursors {
  private final Map<String, Instant> cursors = new HashMap<>();

  @Override
  public synchronized Optional<Instant> get(TenantId tenant, String scheduleKey) {
    return Optional.ofNullable(cursors.get(key(tenant, scheduleKey)));
  }

  @Override
  public synchronized boolean advance(
      TenantId tenant, String scheduleKey, Optional<Instant> expected, Instant next) {
    String k = key(tenant, scheduleKey);
    if (!Optional.ofNullable(cursors.get(k)).equals(expected)) {
      return false;
    }
    cursors.put(k, next);
    return true;
  }

  private static String key(TenantId tenant, String scheduleKey) {
    return tenant.value() + "/" + Ids.require("schedule key", scheduleKey);
  }
}
