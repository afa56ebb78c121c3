package dev.gennaker.github;

import dev.gennaker.core.pipeline.CronExpression;
import dev.gennaker.core.pipeline.Trigger;
import dev.gennaker.core.store.StoreUnavailableException;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.core.trigger.TenantPipelines;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;

/**
 * Schedules in AWS: for each tenant one one-time EventBridge Scheduler schedule, {@code
 * gennaker-<tenant>}, armed at the earliest next firing of the tenant's {@code schedule} triggers,
 * whose target (the schedule-firing function) runs {@link ScheduleFiringHandler}: it starts what is
 * due through {@code FireSchedules} (exactly once, by its cursors) and arms the next one.
 *
 * <p>Why one-time schedules rather than EventBridge cron expressions: the next firing is computed
 * by Gennaker's own {@link CronExpression} in the trigger's time zone, so daylight-saving behaviour
 * is the same in AWS and in local mode, and no cron dialect translation is needed. A firing
 * delivered twice, late or after a missed arm is still started once: the cursors decide.
 *
 * <p>Idempotent: arming writes the schedule (create, or update when it exists); a tenant without
 * schedules has its schedule deleted. SDK failures become {@link StoreUnavailableException}.
 */
public final class EventBridgeScheduleArming {
  private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private final SchedulerClient scheduler;
  private final TenantPipelines pipelines;
  private final String targetArn;
  private final String roleArn;
  private final String group;

  /**
   * @param targetArn the schedule-firing function's ARN
   * @param roleArn the role EventBridge Scheduler assumes to invoke it
   * @param group the schedule group ({@code default} or one created by the infrastructure)
   */
  public EventBridgeScheduleArming(
      SchedulerClient scheduler,
      TenantPipelines pipelines,
      String targetArn,
      String roleArn,
      String group) {
    this.scheduler = scheduler;
    this.pipelines = pipelines;
    this.targetArn = targetArn;
    this.roleArn = roleArn;
    this.group = group;
  }

  /** The schedule name of a tenant. */
  static String scheduleName(TenantId tenant) {
    return "gennaker-" + tenant.value();
  }

  /** The earliest firing of the tenant's schedules strictly after {@code now}, if any. */
  public Optional<Instant> nextFiring(TenantId tenant, Instant now) {
    Optional<Instant> next = Optional.empty();
    for (TenantPipelines.Candidate c : pipelines.list(tenant)) {
      for (Trigger t : c.pipeline().triggers()) {
        if (t instanceof Trigger.Schedule s) {
          ZoneId zone =
              s.timezone() == null || s.timezone().isBlank()
                  ? ZoneOffset.UTC
                  : ZoneId.of(s.timezone());
          Optional<Instant> at =
              CronExpression.parse(s.cron())
                  .next(now.atZone(zone), zone)
                  .map(ZonedDateTime::toInstant);
          if (at.isPresent() && (next.isEmpty() || at.get().isBefore(next.get()))) {
            next = at;
          }
        }
      }
    }
    return next;
  }

  /**
   * Arms (or re-arms) the tenant's schedule at its next firing after {@code now}; removes it when
   * the tenant has no schedules.
   *
   * @return the instant armed, or empty
   */
  public Optional<Instant> arm(TenantId tenant, Instant now) {
    Optional<Instant> next = nextFiring(tenant, now);
    String name = scheduleName(tenant);
    try {
      if (next.isEmpty()) {
        try {
          scheduler.deleteSchedule(b -> b.name(name).groupName(group));
        } catch (ResourceNotFoundException absent) {
          // nothing was armed
        }
        return next;
      }
      String expression =
          "at("
              + next.get().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC).format(AT)
              + ")";
      String input = "{\"tenantId\":\"" + tenant.value() + "\"}";
      try {
        scheduler.createSchedule(
            b ->
                b.name(name)
                    .groupName(group)
                    .scheduleExpression(expression)
                    .scheduleExpressionTimezone("UTC")
                    .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.NONE)
                    .target(t -> t.arn(targetArn).roleArn(roleArn).input(input)));
      } catch (ConflictException exists) {
        scheduler.updateSchedule(
            b ->
                b.name(name)
                    .groupName(group)
                    .scheduleExpression(expression)
                    .scheduleExpressionTimezone("UTC")
                    .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.NONE)
                    .target(t -> t.arn(targetArn).roleArn(roleArn).input(input)));
      }
      return next;
    } catch (SdkException e) {
      throw new StoreUnavailableException(
          "EventBridge Scheduler failed arming " + name + ": " + e.getClass().getSimpleName(), e);
    }
  }
}
