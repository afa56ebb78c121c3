package dev.gennaker.agent.health;

/** The health of one object, declared from best to worst. */
public enum HealthState {
  /** Applied and, for workloads, fully rolled out and available. */
  HEALTHY,
  /** Deliberately not progressing (paused Deployment, suspended Job). */
  SUSPENDED,
  /** Still rolling out; waiting makes sense. */
  PROGRESSING,
  /** Not found in the cluster. */
  MISSING,
  /** Failed: waiting will not help (progress deadline exceeded, job failed, image cannot pull). */
  DEGRADED;

  /** The worse of two states. */
  public HealthState worst(HealthState other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  /** True when waiting longer cannot change the outcome. */
  public boolean terminal() {
    return this == HEALTHY || this == DEGRADED || this == SUSPENDED;
  }
}
