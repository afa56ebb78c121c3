package dev.gennaker.core.slack;

class InMemorySlackDirectoryTest extends SlackDirectoryContract {
  @Override
  protected SlackDirectory newStore() {
    return new InMemorySlackDirectory();
  }
}
