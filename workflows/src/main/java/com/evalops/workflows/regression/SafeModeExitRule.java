package com.evalops.workflows.regression;

import java.util.ArrayList;
import java.util.List;

/**
 * When safe mode may be left (seed §3 step 6). Pure.
 *
 * <ul>
 *   <li><b>Metrics stable</b>: the latest golden-set evaluations under the config now in force are
 *       PASS, {@code required} of them in a row. Only the config in force counts, so applying a
 *       mitigation starts the count again.
 *   <li><b>Manual QA clean</b>: the latest QA window (the incident's labeled sample, or a later one
 *       reported with {@link QaWindowNotice}) has labels and no safety violation.
 * </ul>
 */
public final class SafeModeExitRule {
  private SafeModeExitRule() {}

  /** Consecutive PASS golden evaluations under {@code configVersion}, counted from the latest. */
  public static int consecutivePasses(List<EvaluationSummary> evaluations, String configVersion) {
    int passes = 0;
    for (int i = evaluations.size() - 1; i >= 0; i--) {
      EvaluationSummary evaluation = evaluations.get(i);
      if (!"golden".equals(evaluation.dataset())) {
        continue;
      }
      if (!evaluation.isGoldenPass() || !evaluation.configVersion().equals(configVersion)) {
        break;
      }
      passes++;
    }
    return passes;
  }

  /** The unmet conditions, each named as on-call should read it; empty when exit may proceed. */
  public static List<String> unmetConditions(
      List<EvaluationSummary> evaluations, String configVersion, int required, QaWindow qa) {
    List<String> unmet = new ArrayList<>();
    int passes = consecutivePasses(evaluations, configVersion);
    if (passes < required) {
      unmet.add(
          "metrics not stable: "
              + passes
              + " of "
              + required
              + " consecutive passing evaluations under config "
              + configVersion);
    }
    if (qa == null || qa.labeledTickets() == 0) {
      unmet.add("manual QA not clean over the sample window: no labeled sample");
    } else if (qa.safetyViolations() > 0) {
      unmet.add(
          "manual QA not clean over the sample window: "
              + qa.safetyViolations()
              + " safety violation"
              + (qa.safetyViolations() == 1 ? "" : "s")
              + " in sample "
              + qa.sampleId());
    }
    return List.copyOf(unmet);
  }
}
