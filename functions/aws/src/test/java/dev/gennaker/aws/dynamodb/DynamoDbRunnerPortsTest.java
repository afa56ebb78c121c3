package dev.gennaker.aws.dynamodb;

import dev.gennaker.core.agent.CommandDeliveries;
import dev.gennaker.core.agent.CommandDeliveriesContract;
import dev.gennaker.core.cluster.RegistrationTokens;
import dev.gennaker.core.cluster.RegistrationTokensContract;
import dev.gennaker.core.manifest.ConfigVersionStore;
import dev.gennaker.core.manifest.ConfigVersionStoreContract;
import dev.gennaker.core.runner.TaskTokens;
import dev.gennaker.core.runner.TaskTokensContract;
import java.time.Clock;
import org.junit.jupiter.api.Nested;

/** The runner's and the agent registration's ports on DynamoDB Local, by their contract suites. */
class DynamoDbRunnerPortsTest {
  @Nested
  class TaskTokensOnDynamoDb extends TaskTokensContract {
    @Override
    protected TaskTokens newTokens() {
      return new DynamoDbTaskTokens(LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE);
    }
  }

  @Nested
  class RegistrationTokensOnDynamoDb extends RegistrationTokensContract {
    @Override
    protected RegistrationTokens newTokens(Clock clock) {
      return new DynamoDbRegistrationTokens(
          LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE, clock);
    }
  }

  @Nested
  class ConfigVersionsOnDynamoDb extends ConfigVersionStoreContract {
    @Override
    protected ConfigVersionStore newStore() {
      return new DynamoDbConfigVersionStore(LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE);
    }
  }

  @Nested
  class CommandDeliveriesOnDynamoDb extends CommandDeliveriesContract {
    @Override
    protected CommandDeliveries newDeliveries() {
      return new DynamoDbCommandDeliveries(
          LocalDynamoDb.shared().client(), LocalDynamoDb.TABLE, Clock.systemUTC());
    }
  }
}
