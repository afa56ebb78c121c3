package dev.gennaker.core.slack;

import dev.gennaker.core.tenant.TenantId;
import java.util.Optional;

/**
 * Tenants' Slack connections, and the explicit mapping of Slack users to tenant members. Every read
 * by tenant returns nothing of any other tenant; {@link #findByTeam} is the one lookup that starts
 * from Slack's side (an interaction names only its workspace).
 *
 * <p>All methods may throw {@link dev.gennaker.core.store.StoreUnavailableException}. Thread-safe.
 */
public interface SlackConnections {

  /**
   * Connects or reconnects the tenant's workspace. Idempotent (last write wins).
   *
   * @throws dev.gennaker.core.store.ConflictException if another tenant already connected this
   *     workspace (best effort: a lookup before the write)
   */
  void put(SlackConnection connection);

  /** The tenant's connection, or empty. */
  Optional<SlackConnection> get(TenantId tenant);

  /**
   * The connection of the workspace {@code teamId}, or empty. May lag a just-written connection by
   * a moment (index read).
   */
  Optional<SlackConnection> findByTeam(String teamId);

  /** Disconnects. Idempotent. Keeps user mappings (a reconnect reuses them). */
  void delete(TenantId tenant);

  /** Maps a Slack user to a member's user id (their e-mail). Idempotent (last write wins). */
  void mapUser(TenantId tenant, String slackUserId, String memberUserId);

  /** The member user id explicitly mapped to {@code slackUserId}, or empty. */
  Optional<String> mappedMember(TenantId tenant, String slackUserId);
}
