package dev.gennaker.core.trigger;

import java.time.Clock;

class InMemoryDeliveryResultsTest extends DeliveryResultsContract {
  @Override
  protected DeliveryResults newStore(Clock clock) {
    return new InMemoryDeliveryResults(clock);
  }
}
