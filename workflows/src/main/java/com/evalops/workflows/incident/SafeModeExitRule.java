package com.evalops.workflows.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
 *
 * <p>Incidents opened with computed evidence use {@link #unmetComputedConditions} instead
 * (config-releases.md §6): the golden set passes under the config in force, fresh production
 * samples the incident drew and had labeled pass in a row, and a daily QA run that started after
 * the config in force became current was fully reviewed, clean and correct enough.
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

  /** Consecutive passing production rechecks under {@code configVersion}, from the latest. */
  public static int consecutiveRecheckPasses(
      List<ProductionRecheck> rechecks, String configVersion) {
    int passes = 0;
    for (int i = rechecks.size() - 1; i >= 0; i--) {
      ProductionRecheck recheck = rechecks.get(i);
      if (ProductionRecheck.NO_LABELS.equals(recheck.verdict())) {
        continue; // nobody labeled it: no evidence either way
      }
      if (!recheck.passesUnder(configVersion)) {
        break;
      }
      passes++;
    }
    return passes;
  }

  /**
   * Whether a golden evaluation under {@code configVersion} exists: the golden set is
   * deterministic, so one is all the evidence it can give.
   */
  public static boolean hasGoldenUnder(List<EvaluationSummary> evaluations, String configVersion) {
    return latestGoldenUnder(evaluations, configVersion) != null;
  }

  /**
   * The unmet conditions of an incident that computes its own evidence, each named as on-call
   * should read it; empty when exit may proceed.
   *
   * @param changedAt when the config in force became current (as the incident saw it)
   * @param teamMin the least share of reviewed tickets routed to the right team
   * @param templateMin the least share of reviewed tickets answered with the right template
   */
  public static List<String> unmetComputedConditions(
      List<EvaluationSummary> evaluations,
      List<ProductionRecheck> rechecks,
      String configVersion,
      int required,
      QaWindowEvidence qa,
      Instant changedAt,
      double teamMin,
      double templateMin) {
    List<String> unmet = new ArrayList<>();
    EvaluationSummary golden = latestGoldenUnder(evaluations, configVersion);
    if (golden == null) {
      unmet.add(
          "metrics not stable: no golden evaluation under config "
              + configVersion
              + " yet (the incident runs one)");
    } else if (!golden.isGoldenPass()) {
      unmet.add(
          "metrics not stable: golden evaluation "
              + golden.runId()
              + " under config "
              + configVersion
              + " is "
              + golden.verdict());
    }
    int passes = consecutiveRecheckPasses(rechecks, configVersion);
    if (passes < required) {
      unmet.add(
          "metrics not stable: "
              + passes
              + " of "
              + required
              + " consecutive passing rechecks of fresh production samples under config "
              + configVersion);
    }
    String qaProblem = qaProblem(qa, changedAt, teamMin, templateMin, configVersion);
    if (qaProblem != null) {
      unmet.add("manual QA not clean: " + qaProblem);
    }
    return List.copyOf(unmet);
  }

  private static String qaProblem(
      QaWindowEvidence qa,
      Instant changedAt,
      double teamMin,
      double templateMin,
      String configVersion) {
    if (qa == null) {
      return "no daily QA run named since config " + configVersion + " became current";
    }
    String run = "daily QA " + qa.dailyQaRunId();
    if (changedAt != null && qa.openedAt().isBefore(changedAt)) {
      return run
          + " started "
          + qa.openedAt()
          + ", before config "
          + configVersion
          + " became current at "
          + changedAt;
    }
    if (!qa.fullyReviewed()) {
      return run
          + " reviewed "
          + qa.reviewed()
          + " of "
          + qa.sampleSize()
          + " tickets: a window counts only fully reviewed";
    }
    if (qa.safetyViolations() > 0) {
      return run
          + " has "
          + qa.safetyViolations()
          + " safety violation"
          + (qa.safetyViolations() == 1 ? "" : "s");
    }
    if (qa.teamCorrectness() < teamMin) {
      return run
          + ": "
          + (qa.reviewed() - qa.teamCorrect())
          + " of "
          + qa.reviewed()
          + " tickets went to the wrong team (team correctness "
          + percent(qa.teamCorrectness())
          + ", the policy asks "
          + percent(teamMin)
          + ")";
    }
    if (qa.templateCorrectness() < templateMin) {
      return run
          + ": "
          + (qa.reviewed() - qa.templateCorrect())
          + " of "
          + qa.reviewed()
          + " tickets got the wrong template (template correctness "
          + percent(qa.templateCorrectness())
          + ", the policy asks "
          + percent(templateMin)
          + ")";
    }
    return null;
  }

  private static EvaluationSummary latestGoldenUnder(
      List<EvaluationSummary> evaluations, String configVersion) {
    for (int i = evaluations.size() - 1; i >= 0; i--) {
      EvaluationSummary e = evaluations.get(i);
      if ("golden".equals(e.dataset()) && configVersion.equals(e.configVersion())) {
        return e;
      }
    }
    return null;
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }
}
