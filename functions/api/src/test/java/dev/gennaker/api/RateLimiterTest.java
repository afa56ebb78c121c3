package dev.gennaker.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.core.tenant.Role;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  @Test
  void aTenantOverItsRate_gets429WithRetryAfter_andOtherTenantsDoNot() throws Exception {
    ApiFixture f = new ApiFixture();
    Clock frozen = Clock.fixed(Instant.parse("2026-11-22T04:00:00Z"), ZoneOffset.UTC);
    ApiFunction api = new ApiFunction(f.services(frozen), new RateLimiter(5, 5, frozen));
    String a = f.key(ApiFixture.A, "ana", Role.VIEWER);
    String b = f.key(ApiFixture.B, "bo", Role.VIEWER);
    for (int i = 0; i < 5; i++) {
      assertThat(get(api, a).status()).isEqualTo(200);
    }
    HttpResponse limited = get(api, a);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.headers()).containsEntry("Retry-After", "1");
    assertThat(limited.headers()).containsEntry("Content-Type", "application/problem+json");
    assertThat(get(api, b).status()).isEqualTo(200);
  }

  private static HttpResponse get(ApiFunction api, String key) {
    return api.handle(
        new HttpRequest(
            "GET", "/v1/pipelines", Map.of(), Map.of("Authorization", "Bearer " + key), null, ""));
  }
}
