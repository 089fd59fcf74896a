package com.evalops.workflows.runbook;

import java.util.List;

/**
 * What the harness found, in the few numbers a decision needs; everything else stays in the run's
 * artifacts at {@code artifactLocation}.
 *
 * @param thresholdInForce the config's global confidence threshold
 * @param macroF1Delta against the baseline, or null without one
 * @param recommendedThreshold from the threshold sweep, or null when none meets the target
 * @param templatesInViolations templates the router sent although the Tier 2 gates forbid it
 */
public record HarnessRun(
    String runId,
    String verdict,
    List<String> reasons,
    DatasetSnapshot dataset,
    String configVersion,
    double thresholdInForce,
    String baselineRunId,
    double accuracy,
    double macroF1,
    Double macroF1Delta,
    long tier0FalseNegatives,
    long tier0FalsePositives,
    long tier2Violations,
    long unsafeAutomations,
    Double recommendedThreshold,
    List<String> templatesInViolations,
    String artifactLocation) {

  public HarnessRun {
    reasons = List.copyOf(reasons);
    templatesInViolations = List.copyOf(templatesInViolations);
  }
}
