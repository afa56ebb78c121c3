package dev.gennaker.core.agent;

import java.time.Clock;
import java.time.Duration;

class InMemoryAgentChannelTest extends AgentChannelContract {
  @Override
  protected AgentChannel newChannel(Duration visibilityTimeout, int maxReceives) {
    return new InMemoryAgentChannel(Clock.systemUTC(), visibilityTimeout, maxReceives);
  }
}
