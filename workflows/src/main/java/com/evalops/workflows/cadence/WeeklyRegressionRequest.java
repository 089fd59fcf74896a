package com.evalops.workflows.cadence;

import com.evalops.workflows.runbook.EvaluationSettings;

/**
 * @param weekId e.g. {@code 2025-W51}; names the run, so a second start for the same week finds the
 *     first
 * @param settings the evaluation's human deadlines; null for the defaults
 */
public record WeeklyRegressionRequest(
    String weekId, String requestedBy, EvaluationSettings settings) {}
