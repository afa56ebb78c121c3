package dev.gennaker.core.tenant;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A customer organisation; everything stored belongs to exactly one tenant.
 *
 * @param status {@link Status#PROVISIONING} until onboarding has made everything the tenant needs
 * @param draining when true no new execution starts; running ones finish
 * @param repositories the GitHub repositories ({@code owner/name}) the tenant declared
 * @param slackChannel the default Slack channel for notifications, or empty
 */
public record Tenant(
    TenantId id,
    String displayName,
    Instant createdAt,
    Status status,
    boolean draining,
    List<String> repositories,
    String slackChannel) {

  /** Where a tenant is in its life. */
  public enum Status {
    PROVISIONING,
    ACTIVE
  }

  public Tenant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(createdAt, "createdAt");
    status = status == null ? Status.ACTIVE : status;
    repositories = repositories == null ? List.of() : List.copyOf(repositories);
    slackChannel = slackChannel == null ? "" : slackChannel;
  }

  /** An active tenant with no settings yet. */
  public Tenant(TenantId id, String displayName, Instant createdAt) {
    this(id, displayName, createdAt, Status.ACTIVE, false, List.of(), "");
  }

  public Tenant withStatus(Status s) {
    return new Tenant(id, displayName, createdAt, s, draining, repositories, slackChannel);
  }

  public Tenant withDraining(boolean d) {
    return new Tenant(id, displayName, createdAt, status, d, repositories, slackChannel);
  }

  public Tenant withDeclared(String name, List<String> repos, String channel) {
    return new Tenant(id, name, createdAt, status, draining, repos, channel);
  }
}
