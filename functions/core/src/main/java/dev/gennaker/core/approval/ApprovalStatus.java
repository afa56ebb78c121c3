package dev.gennaker.core.approval;

/** Where an approval stands; every status but PENDING is final. */
public enum ApprovalStatus {
  PENDING,
  APPROVED,
  REJECTED,
  EXPIRED
}
