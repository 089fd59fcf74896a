package com.evalops.workflows.runbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The actions seed §2 step 4 lists, derived from what the harness found. Pure. */
public final class Recommendations {
  private Recommendations() {}

  public static List<RecommendedAction> of(HarnessRun run) {
    double thresholdInForce = run.thresholdInForce();
    List<RecommendedAction> actions = new ArrayList<>();
    switch (run.verdict()) {
      case "STOP" -> {
        actions.add(
            new RecommendedAction(
                "do_not_ship",
                run.tier0FalseNegatives()
                    + " Tier 0 ticket(s) routed away from specialists under config "
                    + run.configVersion(),
                false));
        actions.add(
            new RecommendedAction(
                "rollback", "keep or roll back to the last config that passed", false));
      }
      case "INVESTIGATE" -> {
        actions.add(
            new RecommendedAction(
                "investigate_enforcement",
                run.tier2Violations() + " automated answer(s) the Tier 2 gates forbid",
                false));
        for (String template : run.templatesInViolations()) {
          actions.add(
              new RecommendedAction(
                  "template_disable", "disable " + template + " until enforcement is fixed", true));
        }
        actions.add(
            new RecommendedAction(
                "safe_mode", "route-only while customers may get wrong answers", true));
      }
      case "REVIEW" ->
          actions.add(
              new RecommendedAction(
                  "review_misroutes", "review misroutes.csv and the confusion shift", false));
      default -> {}
    }
    Double recommended = run.recommendedThreshold();
    if (recommended != null && Math.abs(recommended - thresholdInForce) >= 0.005) {
      actions.add(
          new RecommendedAction(
              "threshold_adjust",
              String.format(
                  Locale.ROOT, "confidence threshold %.2f → %.2f", thresholdInForce, recommended),
              false));
    }
    return List.copyOf(actions);
  }
}
