package dev.gennaker.core.agent;

class InMemoryCommandDeliveriesTest extends CommandDeliveriesContract {
  @Override
  protected CommandDeliveries newDeliveries() {
    return new InMemoryCommandDeliveries();
  }
}
