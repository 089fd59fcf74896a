package com.evalops.workflows.cadence;

import java.util.List;

/**
 * An approved proposal to apply. {@code changeId} is deterministic (workflow id + step), the Change
 * Log entry id, so a retried apply is not a second change.
 */
public record ApplyProposalRequest(
    String changeId,
    String month,
    ChangeProposal proposal,
    String requestedBy,
    List<String> approvedBy,
    String runId,
    String decisionId) {

  public ApplyProposalRequest {
    approvedBy = List.copyOf(approvedBy);
  }
}
