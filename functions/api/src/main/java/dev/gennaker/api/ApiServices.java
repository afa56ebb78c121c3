package dev.gennaker.api;

import dev.gennaker.core.approval.ApprovalStore;
import dev.gennaker.core.cluster.ClusterStore;
import dev.gennaker.core.execution.ExecutionStore;
import dev.gennaker.core.runner.RunnerServices;
import dev.gennaker.core.store.PipelineStore;
import dev.gennaker.core.tenant.ApiKeys;
import java.time.Clock;

/** What the API's routes use; built once per process (Lambda init, local mode start). */
public record ApiServices(
    ApiKeys apiKeys,
    PipelineStore pipelines,
    ClusterStore clusters,
    ExecutionStore executions,
    ApprovalStore approvals,
    RunnerServices runner,
    dev.gennaker.core.cluster.RegistrationTokens registrationTokens,
    dev.gennaker.core.blob.BlobStore blobs,
    dev.gennaker.core.agent.CommandDeliveries deliveries,
    dev.gennaker.core.audit.AuditLog audit,
    Clock clock) {}
