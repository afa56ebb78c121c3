package dev.gennaker.api;

import dev.gennaker.core.agent.CommandDeliveries;
import dev.gennaker.core.approval.ApprovalStore;
import dev.gennaker.core.audit.AuditLog;
import dev.gennaker.core.blob.BlobStore;
import dev.gennaker.core.cluster.ClusterStore;
import dev.gennaker.core.cluster.DriftListener;
import dev.gennaker.core.cluster.RegistrationTokens;
import dev.gennaker.core.execution.ExecutionStore;
import dev.gennaker.core.runner.RunnerServices;
import dev.gennaker.core.secret.SecretStore;
import dev.gennaker.core.store.PipelineStore;
import dev.gennaker.core.tenant.ApiKeyStore;
import dev.gennaker.core.tenant.ApiKeys;
import dev.gennaker.core.tenant.TenantStore;
import java.time.Clock;

/**
 * What the API's routes use; built once per process (Lambda init, local mode start).
 *
 * @param drift who hears of drift agents report, besides the audit log (Slack)
 */
public record ApiServices(
    TenantStore tenants,
    ApiKeyStore apiKeyStore,
    ApiKeys apiKeys,
    SecretStore secrets,
    PipelineStore pipelines,
    ClusterStore clusters,
    ExecutionStore executions,
    ApprovalStore approvals,
    RunnerServices runner,
    RegistrationTokens registrationTokens,
    BlobStore blobs,
    CommandDeliveries deliveries,
    AuditLog audit,
    Clock clock,
    DriftListener drift) {

  /** Services whose drift reports go to the audit log only. */
  public ApiServices(
      TenantStore tenants,
      ApiKeyStore apiKeyStore,
      ApiKeys apiKeys,
      SecretStore secrets,
      PipelineStore pipelines,
      ClusterStore clusters,
      ExecutionStore executions,
      ApprovalStore approvals,
      RunnerServices runner,
      RegistrationTokens registrationTokens,
      BlobStore blobs,
      CommandDeliveries deliveries,
      AuditLog audit,
      Clock clock) {
    this(
        tenants,
        apiKeyStore,
        apiKeys,
        secrets,
        pipelines,
        clusters,
        executions,
        approvals,
        runner,
        registrationTokens,
        blobs,
        deliveries,
        audit,
        clock,
        DriftListener.NONE);
  }
}
