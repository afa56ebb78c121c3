/** Gennaker's domain: pipelines, executions, approvals and tenancy, free of any adapter library. */
package dev.gennaker.core;
