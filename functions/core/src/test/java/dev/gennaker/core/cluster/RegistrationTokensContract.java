package dev.gennaker.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link RegistrationTokens} must do; each implementation runs this suite. */
public abstract class RegistrationTokensContract {
  protected abstract RegistrationTokens newTokens(Clock clock);

  private final TenantId a = TenantId.of("acme");

  @Test
  void aTokenWorksOnce_forItsCluster() {
    RegistrationTokens t = newTokens(Clock.systemUTC());
    String token = t.issue(a, "staging", Duration.ofHours(1));
    RegistrationTokens.Redemption first = t.redeem(token);
    assertThat(first.outcome()).isEqualTo(RegistrationTokens.Outcome.REDEEMED);
    assertThat(first.registration()).contains(new RegistrationTokens.Registration(a, "staging"));
    assertThat(t.redeem(token).outcome()).isEqualTo(RegistrationTokens.Outcome.ALREADY_USED);
  }

  @Test
  void unknownMalformedAndExpiredTokens_areRefused() {
    Instant now = Instant.parse("2026-11-22T00:00:00Z");
    RegistrationTokens t = newTokens(Clock.fixed(now, ZoneOffset.UTC));
    String token = t.issue(a, "staging", Duration.ofMinutes(-1));
    assertThat(t.redeem(token).outcome()).isEqualTo(RegistrationTokens.Outcome.UNKNOWN_OR_EXPIRED);
    assertThat(t.redeem("reg_acme_nope").outcome())
        .isEqualTo(RegistrationTokens.Outcome.UNKNOWN_OR_EXPIRED);
    assertThat(t.redeem("nonsense").outcome())
        .isEqualTo(RegistrationTokens.Outcome.UNKNOWN_OR_EXPIRED);
    assertThat(t.redeem(null).outcome()).isEqualTo(RegistrationTokens.Outcome.UNKNOWN_OR_EXPIRED);
  }

  @Test
  void tenConcurrentRedemptions_exactlyOneWins() throws Exception {
    RegistrationTokens t = newTokens(Clock.systemUTC());
    String token = t.issue(a, "staging", Duration.ofHours(1));
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Callable<RegistrationTokens.Outcome>> calls = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        calls.add(() -> t.redeem(token).outcome());
      }
      long wins = 0;
      for (Future<RegistrationTokens.Outcome> f : pool.invokeAll(calls)) {
        if (f.get() == RegistrationTokens.Outcome.REDEEMED) {
          wins++;
        }
      }
      assertThat(wins).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
