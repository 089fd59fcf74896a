package com.evalops.workflows.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafeModeExitRuleTest {
  private static final QaWindow CLEAN = new QaWindow("ps-1", 10, 0);

  private static EvaluationSummary golden(String config, String verdict) {
    return new EvaluationSummary("run-" + config + verdict, "golden", config, verdict, "");
  }

  private static EvaluationSummary sample(String config, String verdict) {
    return new EvaluationSummary("sample-" + config, "sample", config, verdict, "");
  }

  @Test
  void givenPassesUnderOlderConfig_whenCounted_thenOnlyTheConfigInForceCounts() {
    List<EvaluationSummary> evaluations =
        List.of(golden("v12", "PASS"), golden("v12", "PASS"), golden("v13", "PASS"));

    assertEquals(1, SafeModeExitRule.consecutivePasses(evaluations, "v13"));
  }

  @Test
  void givenFailureBetweenPasses_whenCounted_thenTheRunStartsAfterIt() {
    List<EvaluationSummary> evaluations =
        List.of(golden("v13", "PASS"), golden("v13", "REVIEW"), golden("v13", "PASS"));

    assertEquals(1, SafeModeExitRule.consecutivePasses(evaluations, "v13"));
  }

  @Test
  void givenSampleEvaluationBetweenGoldenPasses_whenCounted_thenItIsNotAMetricsBreak() {
    List<EvaluationSummary> evaluations =
        List.of(golden("v13", "PASS"), sample("v13", "STOP"), golden("v13", "PASS"));

    assertEquals(2, SafeModeExitRule.consecutivePasses(evaluations, "v13"));
  }

  @Test
  void givenStableMetricsAndCleanQa_whenJudged_thenNothingIsUnmet() {
    List<EvaluationSummary> evaluations = List.of(golden("v13", "PASS"), golden("v13", "PASS"));

    assertEquals(List.of(), SafeModeExitRule.unmetConditions(evaluations, "v13", 2, CLEAN));
  }

  @Test
  void givenNeitherCondition_whenJudged_thenBothAreNamed() {
    assertEquals(
        List.of(
            "metrics not stable: 1 of 2 consecutive passing evaluations under config v13",
            "manual QA not clean over the sample window: 2 safety violations in sample ps-1"),
        SafeModeExitRule.unmetConditions(
            List.of(golden("v13", "PASS")), "v13", 2, new QaWindow("ps-1", 10, 2)));
  }

  @Test
  void givenNoLabeledSample_whenJudged_thenQaIsNotClean() {
    assertEquals(
        List.of("manual QA not clean over the sample window: no labeled sample"),
        SafeModeExitRule.unmetConditions(
            List.of(golden("v13", "PASS")), "v13", 1, new QaWindow("ps-1", 0, 0)));
  }

  // --- computed evidence (config-releases.md §6) ------------------------------------------------

  private static final Instant CHANGED = Instant.parse("2025-12-20T10:00:00Z");

  private static ProductionRecheck recheck(int n, String inForce, String verdict) {
    return new ProductionRecheck("r" + n, "recheck-" + n, inForce, inForce + "-exit", verdict);
  }

  private static QaWindowEvidence window(Instant opened, int reviewed, int team, int template) {
    return new QaWindowEvidence("daily-qa-x", "qa-x", opened, 20, reviewed, 0, team, template);
  }

  private static List<String> unmet(
      List<EvaluationSummary> evaluations, List<ProductionRecheck> rechecks, QaWindowEvidence qa) {
    return SafeModeExitRule.unmetComputedConditions(
        evaluations, rechecks, "v14", 2, qa, CHANGED, 0.95, 0.95);
  }

  @Test
  void givenEveryPieceOfEvidence_whenJudged_thenNothingIsUnmet() {
    List<String> unmet =
        unmet(
            List.of(golden("v14", "PASS")),
            List.of(recheck(1, "v14", "PASS"), recheck(2, "v14", "PASS")),
            window(CHANGED.plusSeconds(60), 20, 20, 19));

    assertEquals(List.of(), unmet);
  }

  @Test
  void givenRechecksUnderAnOlderConfigOrUnlabeled_whenCounted_thenOnlyLabeledOnesInForceCount() {
    List<ProductionRecheck> rechecks =
        List.of(
            recheck(1, "v13", "PASS"),
            recheck(2, "v14", "PASS"),
            recheck(3, "v14", ProductionRecheck.NO_LABELS));

    assertEquals(1, SafeModeExitRule.consecutiveRecheckPasses(rechecks, "v14"));
    assertEquals(
        0,
        SafeModeExitRule.consecutiveRecheckPasses(
            List.of(recheck(1, "v14", "PASS"), recheck(2, "v14", "INVESTIGATE")), "v14"));
  }

  @Test
  void givenNoGoldenUnderTheConfigInForce_whenJudged_thenTheIncidentRunsOne() {
    List<String> unmet =
        unmet(
            List.of(golden("v13", "PASS")),
            List.of(recheck(1, "v14", "PASS"), recheck(2, "v14", "PASS")),
            window(CHANGED.plusSeconds(60), 20, 20, 20));

    assertEquals(
        List.of(
            "metrics not stable: no golden evaluation under config v14 yet (the incident runs"
                + " one)"),
        unmet);
  }

  @Test
  void givenQaWindowsShortOfThePolicy_whenJudged_thenEachNamesItsShortfall() {
    List<EvaluationSummary> golden = List.of(golden("v14", "PASS"));
    List<ProductionRecheck> passes = List.of(recheck(1, "v14", "PASS"), recheck(2, "v14", "PASS"));

    assertEquals(
        List.of(
            "manual QA not clean: daily QA daily-qa-x: 2 of 20 tickets got the wrong template"
                + " (template correctness 90.0%, the policy asks 95.0%)"),
        unmet(golden, passes, window(CHANGED.plusSeconds(1), 20, 20, 18)));
    assertEquals(
        List.of(
            "manual QA not clean: daily QA daily-qa-x reviewed 19 of 20 tickets: a window counts"
                + " only fully reviewed"),
        unmet(golden, passes, window(CHANGED.plusSeconds(1), 19, 19, 19)));
    assertEquals(
        List.of(
            "manual QA not clean: daily QA daily-qa-x started "
                + CHANGED.minusSeconds(1)
                + ", before config v14 became current at "
                + CHANGED),
        unmet(golden, passes, window(CHANGED.minusSeconds(1), 20, 20, 20)));
  }
}
