package com.evalops.workflows.runbook;

import java.util.List;

/**
 * What the evaluation runbook ended with.
 *
 * @param decision {@code accepted}, {@code accepted_as_baseline} or {@code no_change}
 * @param decisionLogSeq the Decision Log entry that records it
 */
public record EvaluationOutcome(
    String runId,
    String verdict,
    List<String> reasons,
    double accuracy,
    double macroF1,
    long tier0FalseNegatives,
    long tier2Violations,
    String artifactLocation,
    String decision,
    List<RecommendedAction> recommendations,
    long decisionLogSeq) {

  public EvaluationOutcome {
    reasons = List.copyOf(reasons);
    recommendations = List.copyOf(recommendations);
  }
}
