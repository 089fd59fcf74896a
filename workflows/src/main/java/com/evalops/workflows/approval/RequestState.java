package com.evalops.workflows.approval;

import java.time.Instant;
import java.util.List;

/**
 * Everything the book knows about one request. {@code remindedThroughSlot} counts the reminder
 * slots (multiples of the reminder interval after {@code requestedAt}) already handled by a
 * reminder or the escalation; {@code closedAt} is null while pending.
 */
public record RequestState(
    ApprovalRequest request,
    ApprovalOutcome outcome,
    List<Vote> votes,
    int remindedThroughSlot,
    boolean escalated,
    Instant closedAt) {

  public RequestState {
    votes = List.copyOf(votes);
  }

  static RequestState opened(ApprovalRequest request) {
    return new RequestState(request, ApprovalOutcome.PENDING, List.of(), 0, false, null);
  }

  long approvals() {
    return votes.stream().filter(Vote::approve).count();
  }
}
