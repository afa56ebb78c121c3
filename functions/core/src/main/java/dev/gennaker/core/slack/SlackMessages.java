package dev.gennaker.core.slack;

import dev.gennaker.core.tenant.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * Which Slack message shows which execution or approval. An execution has a handful of messages
 * (its own and one per approval), so listing is not paged.
 *
 * <p>All methods may throw {@link dev.gennaker.core.store.StoreUnavailableException}. Thread-safe.
 */
public interface SlackMessages {

  /** Records or replaces a message. Idempotent (last write wins). */
  void put(SlackMessage message);

  /** The message with {@code key} of the execution, or empty. */
  Optional<SlackMessage> get(TenantId tenant, String executionId, String key);

  /** The execution's messages, ordered by key. */
  List<SlackMessage> list(TenantId tenant, String executionId);
}
