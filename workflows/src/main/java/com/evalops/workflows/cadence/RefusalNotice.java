package com.evalops.workflows.cadence;

import com.evalops.workflows.approval.VoteRequest;

/** A refused vote and the reason the validator gave. */
public record RefusalNotice(VoteRequest vote, String reason) {}
