package com.evalops.workflows.cadence;

/**
 * What the weekly regression is doing: {@code inputs}, {@code evaluating} (the child evaluation
 * runbook, whose own {@code state} query says whom it waits for) or {@code done}.
 *
 * @param evaluationWorkflowId the child evaluation, or null before it starts
 * @param verdict null until the evaluation ends
 */
public record WeeklyState(
    String weekId,
    String step,
    String evaluationWorkflowId,
    String baselineRunId,
    String verdict,
    String decision) {}
