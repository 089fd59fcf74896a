package com.evalops.workflows.approval;

/** Where an approval request stands; every state but PENDING is final. */
public enum ApprovalOutcome {
  PENDING,
  APPROVED,
  REJECTED,
  /** The deadline passed without a decision: no change is applied. */
  EXPIRED
}
