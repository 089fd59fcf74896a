package com.evalops.workflows.approval;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** What a pending request waits for: from whom (roles), how many more approvals, until when. */
public record PendingApproval(
    String requestId,
    String kind,
    String summary,
    String proposedBy,
    Set<Role> waitingFor,
    int approvalsStillNeeded,
    Instant until,
    List<Vote> votes) {}
