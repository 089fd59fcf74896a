package com.evalops.workflows.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
