package com.evalops.harness.comparison;

/** An intent whose recall fell against the baseline by at least the threshold. */
public record RecallDrop(String intent, long support, double baselineRecall, double recall) {
  public double drop() {
    return baselineRecall - recall;
  }
}
