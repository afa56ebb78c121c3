package dev.gennaker.simcluster;

import java.time.Duration;

/**
 * How fast the simulated cluster's controllers move.
 *
 * @param tick how often the rollout simulator looks at the workloads
 * @param replicaStep time for one more replica of a new version to become ready; {@link
 *     Duration#ZERO} makes rollouts instant
 * @param jobDuration how long a Job's pod runs before the Job completes
 * @param progressDeadline when set, replaces every Deployment's {@code progressDeadlineSeconds} (so
 *     tests need not wait ten minutes for {@code ProgressDeadlineExceeded})
 * @param nodes simulated node count: the pods a DaemonSet wants
 */
public record RolloutSettings(
    Duration tick,
    Duration replicaStep,
    Duration jobDuration,
    Duration progressDeadline,
    int nodes) {

  /** Rollouts, jobs and deadlines as fast as the tick allows. */
  public static RolloutSettings instant() {
    return new RolloutSettings(
        Duration.ofMillis(20), Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1), 2);
  }

  /** One replica every {@code step}; jobs take {@code step}; deadline {@code deadline}. */
  public static RolloutSettings stepwise(Duration step, Duration deadline) {
    return new RolloutSettings(Duration.ofMillis(20), step, step, deadline, 2);
  }

  /**
   * Pace for the local demo: visible, but quick. A rollout that makes no progress for 10 s exceeds
   * its deadline (Kubernetes' default is 10 minutes), so a broken image fails in seconds.
   */
  public static RolloutSettings demo() {
    return new RolloutSettings(
        Duration.ofMillis(250),
        Duration.ofSeconds(2),
        Duration.ofSeconds(3),
        Duration.ofSeconds(10),
        3);
  }
}
