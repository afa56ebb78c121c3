/**
 * Approvals: a stage waiting for a person's decision. The state machine's task token is stored with
 * the approval but is readable only through {@link dev.gennaker.core.approval.ApprovalTaskTokens},
 * a port that only control-plane task functions receive; the {@link
 * dev.gennaker.core.approval.Approval} view never carries it.
 */
package dev.gennaker.core.approval;
