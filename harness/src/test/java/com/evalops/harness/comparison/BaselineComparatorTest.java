package com.evalops.harness.comparison;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.harness.evaluation.Evaluation;
import com.evalops.harness.evaluation.EvaluationFixture;
import com.evalops.harness.evaluation.EvaluationReport;
import com.evalops.harness.evaluation.EvaluationRequest;
import com.evalops.harness.evaluation.ProgressListener;
import com.evalops.harness.metrics.ClassificationMetrics;
import com.evalops.harness.metrics.ConfusionMatrix;
import com.evalops.harness.metrics.EvaluationMetrics;
import com.evalops.harness.metrics.IntentScore;
import com.evalops.harness.metrics.Tier0Counts;
import com.evalops.harness.report.ReportReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineComparatorTest {
  /** Same labels and counts on both sides: no confusion shift, so only the tested rule speaks. */
  private static final ConfusionMatrix STEADY =
      new ConfusionMatrix(List.of("a", "b"), new long[][] {{10, 0}, {0, 10}});

  /**
   * Worked by hand. Gold d exists only in the current run and gold e only in the baseline: both are
   * left out. Columns are the union a, b, d, e.
   *
   * <pre>
   *   current   a: 6 1 1 (support 8)  → 0.75 0.125 0.125 0
   *   baseline  a: 4 0 0 (support 4)  → 1    0     0     0     TV = (0.25+0.125+0.125)/2 = 0.25
   *   current   b: 1 3 0 (support 4)  → 0.25 0.75  0     0
   *   baseline  b: 0 2 2 (support 4)  → 0    0.5   0     0.5   TV = (0.25+0.25+0.5)/2   = 0.5
   *   shift = (8·0.25 + 4·0.5) / (8 + 4) = 1/3, weighted by the current run's support
   * </pre>
   */
  private static final ConfusionMatrix CURRENT =
      new ConfusionMatrix(List.of("a", "b", "d"), new long[][] {{6, 1, 1}, {1, 3, 0}, {0, 0, 2}});

  private static final ConfusionMatrix BASELINE =
      new ConfusionMatrix(List.of("a", "b", "e"), new long[][] {{4, 0, 0}, {0, 2, 2}, {0, 0, 3}});

  @TempDir Path dir;

  @Test
  void givenHandWorkedMatrices_whenCompared_thenSupportWeightedTotalVariationOverCommonGold() {
    Comparison c =
        BaselineComparator.compare(
            metrics(CURRENT), metrics(BASELINE), "base", ComparisonThresholds.DEFAULTS);

    assertEquals(1.0 / 3, c.confusionShift(), 1e-15);
    assertEquals(
        List.of(new IntentShift("b", 4, 0.5), new IntentShift("a", 8, 0.25)), c.largestShifts());
    assertTrue(c.large());
    assertTrue(c.reasons().get(0).startsWith("confusion shift 0.3333 exceeds 0.0500"));
  }

  @Test
  void givenAlphabeticallyFirstIntentMovedLess_whenCompared_thenReasonNamesTheOneThatMovedMost() {
    Comparison c =
        BaselineComparator.compare(
            metrics(CURRENT), metrics(BASELINE), "base", ComparisonThresholds.DEFAULTS);

    assertEquals(
        "confusion shift 0.3333 exceeds 0.0500 (largest: b, shift 0.5000, support 4)",
        c.reasons().get(0));
  }

  @Test
  void givenEqualShifts_whenCompared_thenMoreSupportFirstThenName() {
    // Each row moves half its tickets: the same distance 0.5 for x, y and z.
    ConfusionMatrix now =
        new ConfusionMatrix(List.of("x", "y", "z"), new long[][] {{1, 1, 0}, {0, 2, 2}, {0, 2, 2}});
    ConfusionMatrix before =
        new ConfusionMatrix(List.of("x", "y", "z"), new long[][] {{2, 0, 0}, {0, 4, 0}, {0, 0, 4}});

    Comparison c =
        BaselineComparator.compare(
            metrics(now), metrics(before), "base", ComparisonThresholds.DEFAULTS);

    assertEquals(
        List.of("y", "z", "x"), c.largestShifts().stream().map(IntentShift::intent).toList());
    assertTrue(c.reasons().get(0).contains("(largest: y, shift 0.5000, support 4)"));
  }

  @Test
  void givenShiftUnderCustomThreshold_whenCompared_thenNotLarge() {
    Comparison c =
        BaselineComparator.compare(
            metrics(CURRENT), metrics(CURRENT), "base", new ComparisonThresholds(0.5, 10, 1, 1));

    assertEquals(0.0, c.confusionShift(), 0.0);
    assertFalse(c.large());
  }

  @Test
  void givenRecallFallOfExactlyTenPoints_whenCompared_thenCountedDespiteRounding() {
    // 0.9 - 0.8 is 0.09999999999999998 in float64.
    Comparison c = compareRecall(10, 0.9, 0.8);

    assertEquals(List.of(new RecallDrop("x", 10, 0.9, 0.8)), c.recallDrops());
    assertTrue(c.large());
    assertEquals(List.of("recall of x fell from 0.9000 to 0.8000 (support 10)"), c.reasons());
  }

  @Test
  void givenRecallFallBelowThreshold_whenCompared_thenNotCounted() {
    Comparison c = compareRecall(10, 0.9, 0.81);

    assertEquals(List.of(), c.recallDrops());
    assertFalse(c.large());
  }

  @Test
  void givenLargeRecallFallUnderMinSupport_whenCompared_thenNotCounted() {
    Comparison c = compareRecall(9, 0.9, 0.5);

    assertEquals(List.of(), c.recallDrops());
    assertFalse(c.large());
  }

  @Test
  void givenMacroF1FallOfTwoPoints_whenCompared_thenLargeDespiteRounding() {
    // 0.30 - 0.28 is 0.019999999999999962 in float64.
    Comparison c = compareMacroF1(0.30, 0.28);

    assertTrue(c.large());
    assertEquals(List.of("macro F1 fell from 0.3000 to 0.2800"), c.reasons());
    assertEquals(0.28 - 0.30, c.deltas().get("macro_f1"), 0.0);
  }

  @Test
  void givenMacroF1FallUnderTwoPoints_whenCompared_thenNotLarge() {
    assertFalse(compareMacroF1(0.30, 0.285).large());
  }

  @Test
  void givenCustomThresholds_whenRunWithBaseline_thenWrittenIntoComparisonJson()
      throws IOException {
    EvaluationReport baseline = runFixture("base", dir.resolve("base"), null, null);
    ComparisonThresholds custom = new ComparisonThresholds(0.07, 25, 0.15, 0.03);

    EvaluationReport run = runFixture("next", dir.resolve("next"), baseline.folder(), custom);

    JsonNode thresholds =
        new ObjectMapper()
            .readTree(run.folder().resolve("comparison.json").toFile())
            .get("thresholds");
    assertEquals(0.07, thresholds.get("max_confusion_shift").doubleValue(), 0.0);
    assertEquals(25, thresholds.get("min_support").longValue());
    assertEquals(0.15, thresholds.get("max_recall_drop").doubleValue(), 0.0);
    assertEquals(0.03, thresholds.get("max_macro_f1_drop").doubleValue(), 0.0);
    assertEquals(custom, run.comparison().thresholds());
  }

  @Test
  void givenReportFolder_whenReadBackAsBaseline_thenEqualsTheRunsMetrics() {
    EvaluationReport run = runFixture("base", dir.resolve("base"), null, null);

    ReportReader.PastRun past = ReportReader.load(run.folder());

    assertEquals("base", past.runId());
    assertEquals("STOP", past.verdict());
    assertEquals(run.metrics(), past.metrics());
  }

  private EvaluationReport runFixture(
      String runId, Path out, Path baseline, ComparisonThresholds thresholds) {
    EvaluationRequest r =
        EvaluationFixture.request(
            dir.resolve("in-" + runId), runId, EvaluationFixture.config(false), out, baseline);
    return Evaluation.run(
        new EvaluationRequest(
            r.runId(),
            r.createdAt(),
            r.dataset(),
            r.predictions(),
            r.taxonomy(),
            r.config(),
            r.outDir(),
            r.baselineDir(),
            thresholds == null ? r.thresholds() : thresholds,
            r.targetPrecision(),
            r.sanitizer()),
        ProgressListener.NONE);
  }

  private static Comparison compareRecall(long support, double before, double now) {
    return BaselineComparator.compare(
        scores(Map.of("x", new IntentScore(1.0, now, 0.5, support)), 0.5),
        scores(Map.of("x", new IntentScore(1.0, before, 0.5, support)), 0.5),
        "base",
        ComparisonThresholds.DEFAULTS);
  }

  private static Comparison compareMacroF1(double before, double now) {
    return BaselineComparator.compare(
        scores(Map.of(), now), scores(Map.of(), before), "base", ComparisonThresholds.DEFAULTS);
  }

  private static EvaluationMetrics scores(Map<String, IntentScore> perIntent, double macroF1) {
    return new EvaluationMetrics(
        20, 1, macroF1, 1, 1, 1, 1, perIntent, new Tier0Counts(0, 0, 0), 0, 0, 0, STEADY);
  }

  private static EvaluationMetrics metrics(ConfusionMatrix matrix) {
    ClassificationMetrics m = ClassificationMetrics.of(matrix);
    return new EvaluationMetrics(
        matrix.total(),
        m.accuracy(),
        m.macroF1(),
        m.macroPrecision(),
        m.macroRecall(),
        m.accuracy(),
        m.accuracy(),
        m.perIntent(),
        new Tier0Counts(0, 0, 0),
        0,
        0,
        0,
        matrix);
  }
}
