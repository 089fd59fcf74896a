package com.evalops.workflows.cadence;

import com.evalops.workflows.approval.ApprovalState;
import java.time.Instant;

/**
 * What the weekly regression is doing: {@code inputs}, {@code evaluating} (the child evaluation
 * runbook, whose own {@code state} query says whom it waits for), {@code review} (Support Ops and
 * on-call decide whether the run becomes the baseline) or {@code done}.
 *
 * @param evaluationWorkflowId the child evaluation, or null before it starts
 * @param verdict null until the evaluation ends
 * @param review the baseline review's approval book; null before the review step
 * @param waitingUntil the review's deadline while it is open, else null
 */
public record WeeklyState(
    String weekId,
    String step,
    String evaluationWorkflowId,
    String baselineRunId,
    String verdict,
    String decision,
    ApprovalState review,
    Instant waitingUntil) {

  public WeeklyState(
      String weekId,
      String step,
      String evaluationWorkflowId,
      String baselineRunId,
      String verdict,
      String decision) {
    this(weekId, step, evaluationWorkflowId, baselineRunId, verdict, decision, null, null);
  }
}
