package dev.gennaker.core.slack;

import dev.gennaker.core.tenant.TenantId;
import java.util.Optional;

/**
 * {@link SlackConnections} that keeps a {@link SlackDirectory} in step: a connection made lists its
 * tenant (after the connection is written), a disconnection unlists it (after it is deleted).
 */
public final class ListedSlackConnections implements SlackConnections {
  private final SlackConnections connections;
  private final SlackDirectory directory;

  public ListedSlackConnections(SlackConnections connections, SlackDirectory directory) {
    this.connections = connections;
    this.directory = directory;
  }

  @Override
  public void put(SlackConnection connection) {
    connections.put(connection);
    directory.add(connection.tenant());
  }

  @Override
  public Optional<SlackConnection> get(TenantId tenant) {
    return connections.get(tenant);
  }

  @Override
  public Optional<SlackConnection> findByTeam(String teamId) {
    return connections.findByTeam(teamId);
  }

  @Override
  public void delete(TenantId tenant) {
    connections.delete(tenant);
    directory.remove(tenant);
  }

  @Override
  public void mapUser(TenantId tenant, String slackUserId, String memberUserId) {
    connections.mapUser(tenant, slackUserId, memberUserId);
  }

  @Override
  public Optional<String> mappedMember(TenantId tenant, String slackUserId) {
    return connections.mappedMember(tenant, slackUserId);
  }
}
