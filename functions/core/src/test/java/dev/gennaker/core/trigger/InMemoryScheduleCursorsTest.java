package dev.gennaker.core.trigger;

class InMemoryScheduleCursorsTest extends ScheduleCursorsContract {
  @Override
  protected ScheduleCursors newStore() {
    return new InMemoryScheduleCursors();
  }
}
