package dev.gennaker.api;

import dev.gennaker.api.http.Problem;
import dev.gennaker.core.tenant.TenantId;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per tenant, as a token bucket per tenant in this instance: a tenant over its rate gets
 * 429 with {@code Retry-After}. (Per instance: with several API instances a tenant's effective
 * limit is the sum; the limit protects each instance and the shared stores from one tenant.)
 */
public final class RateLimiter {
  private final double perSecond;
  private final double burst;
  private final Clock clock;
  private final Map<String, double[]> buckets = new ConcurrentHashMap<>();

  public RateLimiter(double perSecond, double burst, Clock clock) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.clock = clock;
  }

  /** Takes one request's token, or refuses with 429. */
  void acquire(TenantId tenant) {
    long now = clock.millis();
    double[] bucket = buckets.computeIfAbsent(tenant.value(), k -> new double[] {burst, now});
    synchronized (bucket) {
      double tokens = Math.min(burst, bucket[0] + (now - bucket[1]) / 1000.0 * perSecond);
      bucket[1] = now;
      if (tokens < 1) {
        bucket[0] = tokens;
        long retryAfter = (long) Math.ceil((1 - tokens) / perSecond);
        throw new Problem(
            429,
            "too-many-requests",
            "Too many requests",
            "this tenant sends more than " + (long) perSecond + " requests a second; retry later",
            List.of(),
            Map.of("Retry-After", String.valueOf(Math.max(1, retryAfter))));
      }
      bucket[0] = tokens - 1;
    }
  }
}
