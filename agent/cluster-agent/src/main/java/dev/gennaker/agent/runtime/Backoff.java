package dev.gennaker.agent.runtime;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the n-th consecutive failure waits a random time between half
 * and all of {@code min(max, base * 2^n)}, so a thousand agents cut off together do not come back
 * together. Not thread-safe: one per loop.
 */
public final class Backoff {

  private final Duration base;
  private final Duration max;
  private final RandomGenerator random;
  private int failures;

  public Backoff(Duration base, Duration max, RandomGenerator random) {
    this.base = base;
    this.max = max;
    this.random = random;
  }

  /** The wait after one more failure. */
  public Duration next() {
    long ceiling = base.toMillis() << Math.min(failures, 20);
    ceiling = Math.min(Math.max(ceiling, 1), max.toMillis());
    failures++;
    long half = ceiling / 2;
    return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
  }

  /** After a success the next failure starts from {@code base} again. */
  public void reset() {
    failures = 0;
  }

  public int failures() {
    return failures;
  }
}
