package com.evalops.workflows.cadence;

import com.evalops.workflows.approval.SubmitLabelRequest;

/** A review the workflow refused, sent back by the client so the refusal is kept for auditors. */
public record RefusedReview(SubmitLabelRequest review, String reason) {}
