package dev.gennaker.agent.health;

/**
 * A state and the sentence that explains it, e.g. {@code PROGRESSING "3/5 replicas updated"}.
 *
 * @param state the state
 * @param message why, in words a platform engineer reads in a stage result
 */
public record Health(HealthState state, String message) {

  public static Health healthy(String message) {
    return new Health(HealthState.HEALTHY, message);
  }

  public static Health progressing(String message) {
    return new Health(HealthState.PROGRESSING, message);
  }

  public static Health degraded(String message) {
    return new Health(HealthState.DEGRADED, message);
  }

  @Override
  public String toString() {
    return state + ": " + message;
  }
}
