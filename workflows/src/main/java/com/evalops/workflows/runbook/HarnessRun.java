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
 * @param safeMode whether the config under test holds safe mode anywhere: such a run never becomes
 *     the baseline. Added later: results recorded before it read it as false
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
    String artifactLocation,
    boolean safeMode) {

  public HarnessRun {
    reasons = List.copyOf(reasons);
    templatesInViolations = List.copyOf(templatesInViolations);
  }

  /** A run outside safe mode. */
  public HarnessRun(
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
    this(
        runId,
        verdict,
        reasons,
        dataset,
        configVersion,
        thresholdInForce,
        baselineRunId,
        accuracy,
        macroF1,
        macroF1Delta,
        tier0FalseNegatives,
        tier0FalsePositives,
        tier2Violations,
        unsafeAutomations,
        recommendedThreshold,
        templatesInViolations,
        artifactLocation,
        false);
  }
}
