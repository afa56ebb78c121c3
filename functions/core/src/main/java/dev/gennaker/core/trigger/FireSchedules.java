package dev.gennaker.core.trigger;

import dev.gennaker.core.pipeline.CronExpression;
import dev.gennaker.core.pipeline.Trigger;
import dev.gennaker.core.runner.StartExecution;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Fires the {@code schedule} triggers of a tenant's pipelines that are due: each firing exactly
 * once, across restarts and concurrent schedulers.
 *
 * <p>How: every schedule has a persisted cursor ({@link ScheduleCursors}). A schedule seen for the
 * first time starts at "now" (it does not fire for the past). Otherwise each firing after the
 * cursor and not after now is started with an execution id derived from the schedule and the firing
 * time, then the cursor moves to it by compare-and-set. A crash between the two re-starts the same
 * id after the restart, which {@link StartExecution} answers with the execution already started:
 * nothing is lost or repeated. Times come from {@link CronExpression#next}, in the trigger's time
 * zone (DST gaps fire shifted forward, overlaps once). After a long outage at most {@value
 * #MAX_CATCH_UP} missed firings per schedule are started; older ones are skipped and logged.
 *
 * <p>Editing a schedule's cron or time zone makes it a new schedule (its key includes both), which
 * starts from the moment the edit is first seen.
 */
public final class FireSchedules {
  private static final System.Logger LOG = System.getLogger(FireSchedules.class.getName());
  static final int MAX_CATCH_UP = 50;

  /** One firing that was started. */
  public record Fired(
      TenantId tenant, String application, String pipeline, Instant at, String executionId) {}

  private final TenantPipelines pipelines;
  private final ScheduleCursors cursors;
  private final Supplier<StartExecution> start;

  public FireSchedules(
      TenantPipelines pipelines, ScheduleCursors cursors, Supplier<StartExecution> start) {
    this.pipelines = pipelines;
    this.cursors = cursors;
    this.start = start;
  }

  /** Starts every firing of {@code tenant}'s schedules that is due at {@code now}. */
  public List<Fired> fireDue(TenantId tenant, Instant now) {
    List<Fired> fired = new ArrayList<>();
    for (TenantPipelines.Candidate c : pipelines.list(tenant)) {
      for (Trigger t : c.pipeline().triggers()) {
        if (t instanceof Trigger.Schedule s) {
          try {
            fireDue(tenant, c, s, now, fired);
          } catch (RuntimeException e) {
            LOG.log(
                System.Logger.Level.WARNING,
                "tenant " + tenant + ": schedule of " + c.name() + " not fired: " + e);
          }
        }
      }
    }
    return fired;
  }

  /** The key a schedule's cursor is stored under. */
  public static String scheduleKey(String application, String pipeline, Trigger.Schedule s) {
    return ExecutionIds.derive("sched", application, pipeline, s.cron(), zoneText(s));
  }

  private void fireDue(
      TenantId tenant,
      TenantPipelines.Candidate c,
      Trigger.Schedule s,
      Instant now,
      List<Fired> fired) {
    String key = scheduleKey(c.application(), c.name(), s);
    Optional<Instant> cursor = cursors.get(tenant, key);
    if (cursor.isEmpty()) {
      cursors.advance(tenant, key, cursor, now);
      return;
    }
    CronExpression cron = CronExpression.parse(s.cron());
    ZoneId zone = zone(s);
    int started = 0;
    while (true) {
      Optional<ZonedDateTime> next = cron.next(cursor.get().atZone(zone), zone);
      if (next.isEmpty() || next.get().toInstant().isAfter(now)) {
        return;
      }
      Instant at = next.get().toInstant();
      if (started == MAX_CATCH_UP) {
        LOG.log(
            System.Logger.Level.WARNING,
            "tenant "
                + tenant
                + ": schedule of "
                + c.name()
                + " missed more than "
                + MAX_CATCH_UP
                + " firings; skipping to now");
        cursors.advance(tenant, key, cursor, now);
        return;
      }
      String id = ExecutionIds.derive("sched", tenant.value(), key, at.toString());
      try {
        new IdempotentStart(start)
            .start(
                tenant,
                c.application(),
                c.name(),
                TriggerContext.schedule(s.cron(), zoneText(s), at),
                Map.of(),
                List.of(),
                id);
        fired.add(new Fired(tenant, c.application(), c.name(), at, id));
      } catch (StartExecution.DrainingException e) {
        // a firing while the tenant drains is skipped, not kept for after the drain
        LOG.log(
            System.Logger.Level.INFO,
            "tenant " + tenant + ": scheduled " + c.name() + " skipped: " + e.getMessage());
      } catch (StartExecution.InvalidParametersException e) {
        // a firing that can never start (required parameters) is handled by being skipped
        LOG.log(
            System.Logger.Level.WARNING,
            "tenant " + tenant + ": scheduled " + c.name() + " not started: " + e.getMessage());
      }
      started++;
      if (!cursors.advance(tenant, key, cursor, at)) {
        return; // another scheduler handled this firing and moves on from it
      }
      cursor = Optional.of(at);
    }
  }

  private static ZoneId zone(Trigger.Schedule s) {
    return s.timezone() == null || s.timezone().isBlank()
        ? ZoneOffset.UTC
        : ZoneId.of(s.timezone());
  }

  private static String zoneText(Trigger.Schedule s) {
    return s.timezone() == null || s.timezone().isBlank() ? "UTC" : s.timezone();
  }
}
