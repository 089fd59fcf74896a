package com.evalops.workflows.cadence;

/**
 * What production runs on now, as the cadences need it.
 *
 * @param baselineRunId the last run accepted as baseline, or null when none was yet
 */
public record ProductionInputs(
    String prodConfigVersion, String currentGoldenVersion, String baselineRunId) {}
