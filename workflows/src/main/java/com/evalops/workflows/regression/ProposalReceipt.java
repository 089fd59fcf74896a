package com.evalops.workflows.regression;

import com.evalops.workflows.approval.Role;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a proposal or an exit request opened: the approval request to vote on, who votes, by when.
 *
 * @param materialReasons why leadership must approve; empty when one on-call approver suffices
 */
public record ProposalReceipt(
    String requestId,
    boolean material,
    List<String> materialReasons,
    Set<Role> approverRoles,
    int minApprovals,
    Instant deadline) {
  public ProposalReceipt {
    materialReasons = List.copyOf(materialReasons);
  }
}
