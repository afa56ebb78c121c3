package dev.gennaker.core.slack;

import dev.gennaker.core.tenant.TenantId;
import java.util.List;

/**
 * Which tenants have a Slack connection, for the scheduled sweeps that visit every one of them
 * (approval reminders). Never read on a request path. Kept beside {@link SlackConnections} by the
 * wiring: connecting adds the tenant, disconnecting removes it.
 *
 * <p>All methods may throw {@link dev.gennaker.core.store.StoreUnavailableException}. Thread-safe.
 */
public interface SlackDirectory {

  /** Lists {@code tenant}. Idempotent. */
  void add(TenantId tenant);

  /** Unlists {@code tenant}. Idempotent. */
  void remove(TenantId tenant);

  /** Every listed tenant, ordered by id. May lag a just-made change by a moment. */
  List<TenantId> all();
}
