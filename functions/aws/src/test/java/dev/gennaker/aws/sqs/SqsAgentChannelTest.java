package dev.gennaker.aws.sqs;

import dev.gennaker.core.agent.AgentChannel;
import dev.gennaker.core.agent.AgentChannelContract;
import java.time.Duration;

class SqsAgentChannelTest extends AgentChannelContract {
  @Override
  protected AgentChannel newChannel(Duration visibilityTimeout, int maxReceives) {
    return new SqsAgentChannel(LocalSqs.shared().client(), "gk", visibilityTimeout, maxReceives);
  }
}
