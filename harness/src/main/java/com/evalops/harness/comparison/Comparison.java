package com.evalops.harness.comparison;

import java.util.List;
import java.util.Map;

/**
 * A run against its baseline (data contract §8), written as {@code comparison.json}.
 *
 * @param deltas current minus baseline, for each headline number
 * @param confusionShift support-weighted mean total-variation distance over common gold labels
 * @param largestShifts the gold labels that moved most, largest first
 * @param large whether any threshold was crossed (the REVIEW gate)
 * @param reasons each crossed threshold, in words
 */
public record Comparison(
    String baselineRunId,
    Map<String, Double> deltas,
    double confusionShift,
    List<IntentShift> largestShifts,
    List<RecallDrop> recallDrops,
    boolean large,
    List<String> reasons,
    ComparisonThresholds thresholds) {}
