package dev.gennaker.github;

import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.core.trigger.FireSchedules;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Fires {@code schedule} triggers in local mode: every {@code period} it asks {@link FireSchedules}
 * to start what is due for each tenant. Exactly-once comes from {@link FireSchedules} and its
 * persisted cursors (DynamoDB Local in local mode), not from this loop, so a restart neither loses
 * nor repeats a firing, and two local processes over the same table do not double-fire. (In AWS the
 * same use case runs from an EventBridge Scheduler target: {@link ScheduleFiringHandler}.)
 */
public final class LocalScheduler implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LocalScheduler.class.getName());

  private final FireSchedules schedules;
  private final Supplier<List<TenantId>> tenants;
  private final Clock clock;
  private final Duration period;
  private ScheduledExecutorService timer;

  /**
   * @param tenants the tenants to fire for (local mode: the tenants it loaded)
   * @param period how often to look; firings are started at most this late (15 s is plenty for
   *     minute-granular cron)
   */
  public LocalScheduler(
      FireSchedules schedules, Supplier<List<TenantId>> tenants, Clock clock, Duration period) {
    this.schedules = schedules;
    this.tenants = tenants;
    this.clock = clock;
    this.period = period;
  }

  /** Starts looking, at once and then every period, on one daemon thread. */
  public synchronized LocalScheduler start() {
    if (timer == null) {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "gennaker-local-scheduler");
                t.setDaemon(true);
                return t;
              });
      timer.scheduleWithFixedDelay(this::tick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** One look: starts every firing due now; never throws. */
  public List<FireSchedules.Fired> tick() {
    List<FireSchedules.Fired> fired = new ArrayList<>();
    List<TenantId> all;
    try {
      all = tenants.get();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "schedules: tenants unavailable: " + e);
      return fired;
    }
    for (TenantId tenant : all) {
      try {
        fired.addAll(schedules.fireDue(tenant, clock.instant()));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "tenant " + tenant + ": schedules not fired: " + e);
      }
    }
    return fired;
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
