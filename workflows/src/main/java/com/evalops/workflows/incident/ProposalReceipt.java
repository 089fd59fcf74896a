package com.evalops.workflows.incident;

import com.evalops.workflows.approval.Role;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a proposal or an exit request opened: the approval request to vote on, who votes, by when.
 *
 * @param materialReasons why leadership must approve; empty when one on-call approver suffices
 * @param deadline the vote's deadline; null while the candidate's golden evaluation runs (the
 *     request opens when it passes)
 * @param changeDigest the SHA-256 the approval binds to; empty for requests that change no config
 * @param diff the change as before → after lines against the config in force
 * @param gate {@code IMMEDIATE} or {@code EVALUATE} (config-releases §4); empty without a change
 */
public record ProposalReceipt(
    String requestId,
    boolean material,
    List<String> materialReasons,
    Set<Role> approverRoles,
    int minApprovals,
    Instant deadline,
    String changeDigest,
    List<String> diff,
    String gate) {
  public ProposalReceipt {
    materialReasons = List.copyOf(materialReasons);
    changeDigest = changeDigest == null ? "" : changeDigest;
    diff = diff == null ? List.of() : List.copyOf(diff);
    gate = gate == null ? "" : gate;
  }

  public ProposalReceipt(
      String requestId,
      boolean material,
      List<String> materialReasons,
      Set<Role> approverRoles,
      int minApprovals,
      Instant deadline) {
    this(
        requestId,
        material,
        materialReasons,
        approverRoles,
        minApprovals,
        deadline,
        "",
        List.of(),
        "");
  }
}
