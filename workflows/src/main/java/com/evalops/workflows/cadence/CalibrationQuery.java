package com.evalops.workflows.cadence;

import java.time.Instant;

/**
 * What to analyse: the routing log from {@code from} (inclusive) to {@code to} (exclusive) under
 * the named prod config. {@code runId} keys the analysis artifacts, so a retry rewrites the same
 * ones.
 */
public record CalibrationQuery(
    String runId, Instant from, Instant to, String configVersion, double targetPrecision) {}
