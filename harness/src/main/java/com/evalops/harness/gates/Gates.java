package com.evalops.harness.gates;

import com.evalops.harness.comparison.Comparison;
import java.util.List;

/**
 * The interpretation step of the evaluation runbook (seed §2 step 3, data contract §8). Pure and
 * deterministic, so workflow code may call it directly. The first matching gate wins.
 */
public final class Gates {
  private Gates() {}

  /**
   * @param comparison the comparison against the baseline, or null when the run has none
   */
  public static Interpretation interpret(
      long tier0FalseNegatives, long tier2Violations, Comparison comparison) {
    if (tier0FalseNegatives > 0) {
      return new Interpretation(
          Verdict.STOP,
          List.of(
              tier0FalseNegatives
                  + " Tier 0 false negative(s): safety-critical tickets were routed away from"
                  + " the specialists; do not ship the change under test"));
    }
    if (tier2Violations > 0) {
      return new Interpretation(
          Verdict.INVESTIGATE,
          List.of(
              tier2Violations
                  + " Tier 2 eligibility violation(s): the router automated where the policy"
                  + " forbids it; investigate policy enforcement"));
    }
    if (comparison != null && comparison.large()) {
      return new Interpretation(Verdict.REVIEW, comparison.reasons());
    }
    return new Interpretation(
        Verdict.PASS,
        List.of(
            comparison == null
                ? "no Tier 0 false negative, no Tier 2 violation (no baseline to compare with)"
                : "no Tier 0 false negative, no Tier 2 violation, no large shift against "
                    + comparison.baselineRunId()));
  }
}
