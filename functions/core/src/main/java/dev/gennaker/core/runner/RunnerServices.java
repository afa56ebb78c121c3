package dev.gennaker.core.runner;

import dev.gennaker.core.agent.AgentChannel;
import dev.gennaker.core.approval.ApprovalStore;
import dev.gennaker.core.cluster.ClusterStore;
import dev.gennaker.core.execution.ExecutionStore;
import java.time.Clock;

/** The ports the runner's use cases share; built once per process by the wiring. */
public record RunnerServices(
    ExecutionStore executions,
    PipelineSource pipelines,
    ApprovalStore approvals,
    ClusterStore clusters,
    AgentChannel agents,
    TaskTokens tokens,
    Orchestrator orchestrator,
    Notifier notifier,
    StageExecutors executors,
    Clock clock) {}
