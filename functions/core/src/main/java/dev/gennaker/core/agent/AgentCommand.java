package dev.gennaker.core.agent;

import dev.gennaker.core.blob.BlobRef;
import dev.gennaker.core.store.Ids;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The envelope of one command to an agent. {@code commandId} is unique and stable across
 * redeliveries: the agent keys its results by it and ignores a command it has already run. Large
 * content (manifests) travels as a blob reference, never inline.
 */
public record AgentCommand(
    String commandId,
    TenantId tenant,
    String agentId,
    String type,
    String namespace,
    Optional<BlobRef> manifests,
    Map<String, String> parameters,
    Instant issuedAt) {
  public AgentCommand {
    Ids.require("command id", commandId);
    Objects.requireNonNull(tenant, "tenant");
    Ids.require("agent id", agentId);
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(namespace, "namespace");
    manifests = manifests == null ? Optional.empty() : manifests;
    if (manifests.isPresent() && !manifests.get().tenant().equals(tenant)) {
      throw new IllegalArgumentException("a command may only reference its own tenant's blobs");
    }
    parameters = Map.copyOf(parameters);
    Objects.requireNonNull(issuedAt, "issuedAt");
  }
}
