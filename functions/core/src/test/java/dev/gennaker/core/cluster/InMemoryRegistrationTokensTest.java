package dev.gennaker.core.cluster;

import java.time.Clock;

class InMemoryRegistrationTokensTest extends RegistrationTokensContract {
  @Override
  protected RegistrationTokens newTokens(Clock clock) {
    return new InMemoryRegistrationTokens(clock);
  }
}
