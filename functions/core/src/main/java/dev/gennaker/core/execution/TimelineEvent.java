package dev.gennaker.core.execution;

import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of an execution's timeline ("stage deploy-prod started", "approval requested").
 * Identified by its time and {@code eventId}, so appending the same event twice stores it once.
 */
public record TimelineEvent(
    TenantId tenant,
    String executionId,
    String eventId,
    Instant at,
    String type,
    Optional<String> stageId,
    String message) {
  public TimelineEvent {
    Objects.requireNonNull(tenant, "tenant");
    Ids.require("execution id", executionId);
    Ids.require("event id", eventId);
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(type, "type");
    stageId = stageId == null ? Optional.empty() : stageId;
    Objects.requireNonNull(message, "message");
    if (message.length() > 4096) {
      throw new IllegalArgumentException("timeline message longer than 4096 characters");
    }
  }
}
