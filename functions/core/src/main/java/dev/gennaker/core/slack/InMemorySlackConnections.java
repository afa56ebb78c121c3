package dev.gennaker.core.slack;

import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.tenant.TenantId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link SlackConnections} in memory, for tests and tools. Runs the same contract suite. */
public final class InMemorySlackConnections implements SlackConnections {
  private final Map<TenantId, SlackConnection> connections = new HashMap<>();
  private final Map<String, String> users = new HashMap<>();

  @Override
  public synchronized void put(SlackConnection connection) {
    for (SlackConnection other : connections.values()) {
      if (other.teamId().equals(connection.teamId())
          && !other.tenant().equals(connection.tenant())) {
        throw new ConflictException(
            "Slack workspace " + connection.teamId() + " is connected to another tenant");
      }
    }
    connections.put(connection.tenant(), connection);
  }

  @Override
  public synchronized Optional<SlackConnection> get(TenantId tenant) {
    return Optional.ofNullable(connections.get(tenant));
  }

  @Override
  public synchronized Optional<SlackConnection> findByTeam(String teamId) {
    return connections.values().stream().filter(c -> c.teamId().equals(teamId)).findFirst();
  }

  @Override
  public synchronized void delete(TenantId tenant) {
    connections.remove(tenant);
  }

  @Override
  public synchronized void mapUser(TenantId tenant, String slackUserId, String memberUserId) {
    users.put(tenant.value() + "/" + slackUserId, memberUserId);
  }

  @Override
  public synchronized Optional<String> mappedMember(TenantId tenant, String slackUserId) {
    return Optional.ofNullable(users.get(tenant.value() + "/" + slackUserId));
  }
}
