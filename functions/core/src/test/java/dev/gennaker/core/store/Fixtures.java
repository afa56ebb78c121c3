package dev.gennaker.core.store;

import dev.gennaker.core.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/** Shared by the contract suites: fresh tenants (so suites can share one table) and polling. */
public final class Fixtures {
  public static final PageTokens TOKENS = PageTokens.withPassphrase("contract-suite-page-key");

  /** A fixed, microsecond-precise instant: DynamoDB and the JDK agree on it. */
  public static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123456Z");

  private Fixtures() {}

  /** A tenant id no other test uses. */
  public static TenantId freshTenant() {
    return TenantId.of("t-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
  }

  public static String freshId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
  }

  /** Polls {@code probe} until it returns non-null or {@code timeout} passes (then fails). */
  public static <T> T pollUntil(Duration timeout, String what, Supplier<T> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
  }

  /** Runs {@code n} tasks released at the same moment; returns each result or exception. */
  public static List<Object> race(int n, java.util.function.IntFunction<Callable<?>> task)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Object>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<?> c = task.apply(i);
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    return (Object) c.call();
                  } catch (RuntimeException e) {
                    return e;
                  }
                }));
      }
      start.countDown();
      List<Object> results = new ArrayList<>();
      for (Future<Object> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
