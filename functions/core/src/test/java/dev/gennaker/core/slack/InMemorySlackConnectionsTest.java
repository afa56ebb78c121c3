package dev.gennaker.core.slack;

class InMemorySlackConnectionsTest extends SlackConnectionsContract {
  @Override
  protected SlackConnections newStore() {
    return new InMemorySlackConnections();
  }
}
