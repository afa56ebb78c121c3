package dev.gennaker.github;

import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.core.trigger.FireSchedules;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The target of a tenant's EventBridge Scheduler schedule (see {@link EventBridgeScheduleArming}):
 * given {@code {"tenantId": "acme"}} it starts every firing that is due (exactly once, through
 * {@link FireSchedules}' cursors) and arms the next one. Also the call to make after a pipeline
 * with schedules is applied, and from a periodic sweep, since it is idempotent. Plain input and
 * output maps, as the Lambda Java runtime passes them to a handler method.
 */
public final class ScheduleFiringHandler {
  private final FireSchedules schedules;
  private final EventBridgeScheduleArming arming;
  private final Clock clock;

  public ScheduleFiringHandler(
      FireSchedules schedules, EventBridgeScheduleArming arming, Clock clock) {
    this.schedules = schedules;
    this.arming = arming;
    this.clock = clock;
  }

  /**
   * @return {@code started}: the execution ids started; {@code next}: the instant armed, or absent
   * @throws IllegalArgumentException for an input without a valid tenant id
   */
  public Map<String, Object> handleRequest(Map<String, Object> input) {
    Object id = input == null ? null : input.get("tenantId");
    if (!(id instanceof String text)) {
      throw new IllegalArgumentException("the input must be {\"tenantId\": \"<tenant id>\"}");
    }
    TenantId tenant = TenantId.of(text);
    Instant now = clock.instant();
    List<String> started =
        schedules.fireDue(tenant, now).stream().map(FireSchedules.Fired::executionId).toList();
    Optional<Instant> next = arming.arm(tenant, now);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("started", started);
    next.ifPresent(n -> out.put("next", n.toString()));
    return out;
  }
}
