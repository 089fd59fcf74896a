package com.evalops.workflows.approval;

import java.util.List;

/**
 * The book as records: what {@code state()} queries return and what a workflow passes on when it
 * continues as new ({@link ApprovalBook#ApprovalBook(ApprovalState)}). {@code pending} is derived
 * from {@code requests} and ignored when restoring.
 */
public record ApprovalState(
    List<PendingApproval> pending,
    List<RequestState> requests,
    List<Refusal> refusals,
    List<Decision> decisions) {

  public ApprovalState {
    pending = List.copyOf(pending);
    requests = List.copyOf(requests);
    refusals = List.copyOf(refusals);
    decisions = List.copyOf(decisions);
  }
}
