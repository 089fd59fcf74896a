package com.evalops.harness.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassificationMetricsTest {
  private static final double HAND = 1e-15;

  /**
   * Worked by hand. Rows are gold, columns predicted, both in the order billing, cards, risk:
   *
   * <pre>
   *            billing cards risk | support
   *   billing     3      1    0   |   4
   *   cards       0      2    1   |   3
   *   risk        2      0    1   |   3
   *   predicted   5      3    2   |  10 tickets, 6 on the diagonal
   *
   *   billing  P = 3/5 = 0.6   R = 3/4 = 0.75  F1 = 2·0.6·0.75 / 1.35   = 2/3
   *   cards    P = 2/3         R = 2/3         F1 = 2·(2/3)·(2/3) / (4/3) = 2/3
   *   risk     P = 1/2         R = 1/3         F1 = 2·(1/2)·(1/3) / (5/6) = 0.4
   *
   *   macro P  = (0.6 + 2/3 + 1/2) / 3 = 53/90
   *   macro R  = (3/4 + 2/3 + 1/3) / 3 = 7/12
   *   macro F1 = (2/3 + 2/3 + 2/5) / 3 = 26/45
   *   accuracy = 6/10
   * </pre>
   */
  @Test
  void givenThreeLabelExample_whenComputed_thenMatchesTheHandWorkedNumbers() {
    ConfusionMatrix matrix =
        new ConfusionMatrix(
            List.of("billing", "cards", "risk"), new long[][] {{3, 1, 0}, {0, 2, 1}, {2, 0, 1}});

    ClassificationMetrics m = ClassificationMetrics.of(matrix);

    assertScore(m.perIntent().get("billing"), 0.6, 0.75, 2.0 / 3, 4);
    assertScore(m.perIntent().get("cards"), 2.0 / 3, 2.0 / 3, 2.0 / 3, 3);
    assertScore(m.perIntent().get("risk"), 0.5, 1.0 / 3, 0.4, 3);
    assertEquals(53.0 / 90, m.macroPrecision(), HAND);
    assertEquals(7.0 / 12, m.macroRecall(), HAND);
    assertEquals(26.0 / 45, m.macroF1(), HAND);
    assertEquals(0.6, m.accuracy(), 0.0);
    assertEquals(10, matrix.total());
    assertEquals(6, matrix.correct());
  }

  /**
   * Gold a is always predicted b, gold b is right once. a is never predicted: precision 0/0 → 0. c
   * is only predicted: recall 0/0 → 0 and support 0. Both have P + R = 0, so F1 0.
   */
  @Test
  void givenLabelsNeverPredictedOrOnlyPredicted_whenComputed_thenZeroDivisionGivesZero() {
    ConfusionMatrix matrix =
        new ConfusionMatrix(List.of("a", "b", "c"), new long[][] {{0, 2, 0}, {0, 1, 1}, {0, 0, 0}});

    ClassificationMetrics m = ClassificationMetrics.of(matrix);

    assertScore(m.perIntent().get("a"), 0.0, 0.0, 0.0, 2);
    assertScore(m.perIntent().get("b"), 1.0 / 3, 0.5, 0.4, 2);
    assertScore(m.perIntent().get("c"), 0.0, 0.0, 0.0, 0);
    assertEquals((1.0 / 3) / 3, m.macroPrecision(), HAND);
    assertEquals(0.5 / 3, m.macroRecall(), HAND);
    assertEquals(0.4 / 3, m.macroF1(), HAND);
    assertEquals(0.25, m.accuracy(), 0.0);
  }

  @Test
  void givenPrecisionAndRecallBothZero_whenF1_thenZeroNotNaN() {
    assertEquals(0.0, ClassificationMetrics.f1(0.0, 0.0), 0.0);
  }

  @Test
  void givenZeroDenominator_whenRatio_thenZero() {
    assertEquals(0.0, ClassificationMetrics.ratio(0, 0), 0.0);
    assertEquals(0.25, ClassificationMetrics.ratio(1, 4), 0.0);
  }

  @Test
  void givenSingleClassAllRight_whenComputed_thenEverythingIsOne() {
    ConfusionMatrix matrix = new ConfusionMatrix(List.of("only"), new long[][] {{7}});

    ClassificationMetrics m = ClassificationMetrics.of(matrix);

    assertScore(m.perIntent().get("only"), 1.0, 1.0, 1.0, 7);
    assertEquals(1.0, m.macroPrecision(), 0.0);
    assertEquals(1.0, m.macroRecall(), 0.0);
    assertEquals(1.0, m.macroF1(), 0.0);
    assertEquals(1.0, m.accuracy(), 0.0);
  }

  @Test
  void givenNoLabelInCommon_whenComputed_thenAllZeroWithGoldSupportKept() {
    ConfusionMatrix matrix =
        ClassificationMetricsSklearnTest.sortedUnionConfusion(
            List.of("a", "a", "b"), List.of("x", "y", "x"));

    ClassificationMetrics m = ClassificationMetrics.of(matrix);

    assertEquals(List.of("a", "b", "x", "y"), matrix.labels());
    assertScore(m.perIntent().get("a"), 0.0, 0.0, 0.0, 2);
    assertScore(m.perIntent().get("b"), 0.0, 0.0, 0.0, 1);
    assertScore(m.perIntent().get("x"), 0.0, 0.0, 0.0, 0);
    assertScore(m.perIntent().get("y"), 0.0, 0.0, 0.0, 0);
    assertEquals(0.0, m.macroPrecision(), 0.0);
    assertEquals(0.0, m.macroRecall(), 0.0);
    assertEquals(0.0, m.macroF1(), 0.0);
    assertEquals(0.0, m.accuracy(), 0.0);
  }

  /**
   * Values {@code (i % 3) / 3.0 + 0.1}. Expected: {@code numpy.mean} of numpy 1.24.2 (the one
   * scikit-learn 1.2.1 uses here), printed with {@code repr}. Under 8 values numpy adds in order;
   * from 8 on it uses eight accumulators and, above 128, splits in halves rounded down to a
   * multiple of 8, so a plain left-to-right loop lands a few ulps away.
   */
  @ParameterizedTest(name = "{0} values")
  @CsvSource({
    "7, 0.3857142857142857, true",
    "8, 0.39166666666666666, false",
    "9, 0.43333333333333335, false",
    "129, 0.43333333333333335, false",
    "300, 0.43333333333333335, false"
  })
  void givenValues_whenNumpyMean_thenPairwiseSumAsNumpy(int n, double numpy, boolean sameAsNaive) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = (i % 3) / 3.0 + 0.1;
    }
    double naive = 0.0;
    for (double v : values) {
      naive += v;
    }
    naive /= n;

    assertEquals(numpy, NumpyMean.of(values), 0.0);
    if (sameAsNaive) {
      assertEquals(naive, NumpyMean.of(values), 0.0);
    } else {
      assertNotEquals(naive, NumpyMean.of(values));
    }
  }

  /**
   * Nine values: eight accumulators a0..a7 added as ((a0+a1)+(a2+a3))+((a4+a5)+(a6+a7)), then a8.
   */
  @Test
  void givenNineValues_whenPairwiseSum_thenEightAccumulatorsThenTheRest() {
    double[] a = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1e-17};

    double expected = ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7])) + a[8];

    assertEquals(expected, NumpyMean.pairwiseSum(a, 0, a.length), 0.0);
  }

  /** 129 values: 64 + 65 (129 / 2 = 64, already a multiple of 8); the 65 end in one leftover. */
  @Test
  void givenOneHundredTwentyNineValues_whenPairwiseSum_thenSplitAt64() {
    double[] a = new double[129];
    for (int i = 0; i < a.length; i++) {
      a[i] = 1.0 / (i + 1);
    }

    double expected = NumpyMean.pairwiseSum(a, 0, 64) + NumpyMean.pairwiseSum(a, 64, 65);

    assertEquals(expected, NumpyMean.pairwiseSum(a, 0, 129), 0.0);
    assertEquals(0.042177511864912164, NumpyMean.of(a), 0.0);
  }

  @Test
  void givenNoValues_whenNumpyMean_thenNaNAsNumpy() {
    assertEquals(Double.NaN, NumpyMean.of(new double[0]));
  }

  private static void assertScore(
      IntentScore score, double precision, double recall, double f1, long support) {
    assertEquals(precision, score.precision(), HAND, "precision");
    assertEquals(recall, score.recall(), HAND, "recall");
    assertEquals(f1, score.f1(), HAND, "f1");
    assertEquals(support, score.support(), "support");
  }
}
