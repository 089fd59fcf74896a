package com.evalops.workflows.cadence;

/**
 * @param weekId e.g. {@code 2025-W51}; names the run, so a second start for the same week finds the
 *     first
 */
public record WeeklyRegressionRequest(String weekId, String requestedBy) {}
