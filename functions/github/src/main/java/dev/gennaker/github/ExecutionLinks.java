package dev.gennaker.github;

import dev.gennaker.core.tenant.TenantId;
import java.net.URI;

/** Links into the portal for commit statuses: an execution, a tenant's pipelines. */
public record ExecutionLinks(URI portal) {
  public ExecutionLinks {
    String p = portal.toString();
    portal = URI.create(p.endsWith("/") ? p.substring(0, p.length() - 1) : p);
  }

  public String execution(TenantId tenant, String executionId) {
    return portal + "/t/" + tenant.value() + "/executions/" + executionId;
  }

  public String pipelines(TenantId tenant) {
    return portal + "/t/" + tenant.value() + "/pipelines";
  }
}
