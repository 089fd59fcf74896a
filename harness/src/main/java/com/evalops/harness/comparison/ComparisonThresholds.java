package com.evalops.harness.comparison;

/**
 * What counts as a "large" change against the baseline (data contract §8). Every value is
 * configuration; the values in force are written into {@code comparison.json}.
 *
 * @param maxConfusionShift a shift above this is large
 * @param minSupport intents with at least this many gold tickets are checked for recall drops
 * @param maxRecallDrop a recall fall of at least this much on such an intent is large
 * @param maxMacroF1Drop a macro F1 fall of at least this much is large
 */
public record ComparisonThresholds(
    double maxConfusionShift, long minSupport, double maxRecallDrop, double maxMacroF1Drop) {

  public static final ComparisonThresholds DEFAULTS =
      new ComparisonThresholds(0.05, 10, 0.10, 0.02);

  public ComparisonThresholds {
    if (maxConfusionShift < 0 || maxRecallDrop < 0 || maxMacroF1Drop < 0 || minSupport < 0) {
      throw new IllegalArgumentException("comparison thresholds must not be negative");
    }
  }
}
