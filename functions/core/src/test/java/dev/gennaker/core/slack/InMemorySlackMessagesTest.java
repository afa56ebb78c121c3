package dev.gennaker.core.slack;

class InMemorySlackMessagesTest extends SlackMessagesContract {
  @Override
  protected SlackMessages newStore() {
    return new InMemorySlackMessages();
  }
}
