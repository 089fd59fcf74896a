package com.evalops.workflows.runbook;

import java.util.List;

/**
 * What the evaluation runbook ended with.
 *
 * @param decision {@code accepted}, {@code accepted_as_baseline} (before the weekly review step),
 *     {@code reported_to_caller}, {@code no_change} or the change applied
 * @param decisionLogSeq the Decision Log entry that records it
 * @param baselineRunId the run it was compared with, or null for none. Added later, as was {@code
 *     safeMode}: outcomes recorded before them read null and false
 * @param safeMode whether the config under test held safe mode anywhere
 * @param unsafeAutomations automated answers to tickets whose gold tier is not 2 (data contract §7
 *     {@code unsafe_automations}); null in outcomes recorded before it was added
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
    long decisionLogSeq,
    String baselineRunId,
    boolean safeMode,
    Long unsafeAutomations) {

  public EvaluationOutcome {
    reasons = List.copyOf(reasons);
    recommendations = List.copyOf(recommendations);
  }

  /** The "PASS" a run may be accepted as baseline with: a PASS outside safe mode. */
  public boolean eligibleAsBaseline() {
    return "PASS".equals(verdict) && !safeMode;
  }
}
