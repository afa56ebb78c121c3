package dev.gennaker.core.trigger;

import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * For each schedule, the instant up to which its firings have been handled: the last firing, or
 * when the schedule was first seen. Persisting it is what lets a restarted scheduler fire what it
 * missed while down, and nothing twice.
 *
 * <p>{@link #advance} is a compare-and-set, so two schedulers (or a scheduler and its restarted
 * self) racing over one firing agree on who handled it. Both methods may throw {@link
 * dev.gennaker.core.store.StoreUnavailableException}. Thread-safe.
 */
public interface ScheduleCursors {

  /** The cursor of {@code scheduleKey}, or empty for a schedule never seen. */
  Optional<Instant> get(TenantId tenant, String scheduleKey);

  /**
   * Moves the cursor from {@code expected} (empty: no cursor yet) to {@code next}.
   *
   * @return false, changing nothing, when the cursor is no longer {@code expected}
   */
  boolean advance(TenantId tenant, String scheduleKey, Optional<Instant> expected, Instant next);
}
