package dev.gennaker.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void waits_doubleUpToTheMaximum_withinTheJitterBand() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), new SplittableRandom(7));
    long[] ceilings = {100, 200, 400, 800, 1600, 2000, 2000, 2000};
    for (long ceiling : ceilings) {
      long wait = b.next().toMillis();
      assertThat(wait).isBetween(ceiling / 2, ceiling);
    }
  }

  @Test
  void reset_startsOverFromTheBase() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), new SplittableRandom(1));
    for (int i = 0; i < 6; i++) {
      b.next();
    }
    b.reset();
    assertThat(b.failures()).isZero();
    assertThat(b.next().toMillis()).isBetween(50L, 100L);
  }

  @Test
  void jitter_spreadsAgentsThatFailedTogether() {
    List<Long> waits = new ArrayList<>();
    for (int agent = 0; agent < 50; agent++) {
      Backoff b =
          new Backoff(Duration.ofMillis(500), Duration.ofSeconds(60), new SplittableRandom(agent));
      for (int i = 0; i < 5; i++) {
        b.next();
      }
      waits.add(b.next().toMillis());
    }
    assertThat(new HashSet<>(waits)).hasSizeGreaterThan(40);
  }

  @Test
  void idleCost_ofTheDefaultSettings_isFourRequestsAndAFifthPerMinute() {
    assertThat(AgentSettings.defaults("x").idleRequestsPerMinute()).isEqualTo(4.2);
  }
}
