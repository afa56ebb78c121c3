package dev.gennaker.statemachines.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition by polling with a deadline, never by sleeping a fixed time. */
public final class Poll {
  private Poll() {}

  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L); // the polling interval
    }
  }

  public static <T> T until(
      String what, Duration timeout, Supplier<T> value, java.util.function.Predicate<T> ok) {
    Object[] last = new Object[1];
    until(
        what,
        timeout,
        () -> {
          T v = value.get();
          last[0] = v;
          return ok.test(v);
        });
    @SuppressWarnings("unchecked")
    T t = (T) last[0];
    return t;
  }
}
