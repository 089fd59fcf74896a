package com.evalops.workflows.cadence;

import com.evalops.workflows.runbook.RecommendedAction;
import java.util.List;

/**
 * The weekly output of seed §1: headline metrics against the baseline, Tier 0 FN/FP, and the
 * threshold recommendation; per-intent precision and recall are in the run's artifacts.
 */
public record WeeklySummary(
    String weekId,
    String runId,
    String verdict,
    String baselineRunId,
    double macroF1,
    double accuracy,
    long tier0FalseNegatives,
    long tier2Violations,
    String decision,
    List<RecommendedAction> recommendations,
    String artifactLocation) {

  public WeeklySummary {
    recommendations = List.copyOf(recommendations);
  }
}
