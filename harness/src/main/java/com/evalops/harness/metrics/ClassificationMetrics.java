package com.evalops.harness.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Precision, recall and F1 per label and their macro averages, computed to the last bit as
 * scikit-learn 1.2 does ({@code precision_recall_fscore_support(..., zero_division=0)}): each ratio
 * 0 where its denominator is 0, F1 as {@code 2·P·R / (P + R)} in that order of operations (the data
 * contract's formula), and macro values as numpy's pairwise-summed mean.
 */
public record ClassificationMetrics(
    Map<String, IntentScore> perIntent,
    double accuracy,
    double macroPrecision,
    double macroRecall,
    double macroF1) {

  public static ClassificationMetrics of(ConfusionMatrix matrix) {
    int n = matrix.size();
    double[] precision = new double[n];
    double[] recall = new double[n];
    double[] f1 = new double[n];
    Map<String, IntentScore> perIntent = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      long tp = matrix.counts()[i][i];
      long support = matrix.support(i);
      long predicted = matrix.predicted(i);
      precision[i] = ratio(tp, predicted);
      recall[i] = ratio(tp, support);
      f1[i] = f1(precision[i], recall[i]);
      perIntent.put(
          matrix.labels().get(i), new IntentScore(precision[i], recall[i], f1[i], support));
    }
    long total = matrix.total();
    return new ClassificationMetrics(
        perIntent,
        ratio(matrix.correct(), total),
        NumpyMean.of(precision),
        NumpyMean.of(recall),
        NumpyMean.of(f1));
  }

  /** F1 from precision and recall, evaluated in scikit-learn's order; 0 where P + R is 0. */
  static double f1(double precision, double recall) {
    double denominator = precision + recall;
    return denominator == 0.0 ? 0.0 : 2.0 * precision * recall / denominator;
  }

  /** {@code numerator / denominator} as float64, and 0 where the denominator is 0. */
  public static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0.0 : (double) numerator / (double) denominator;
  }
}
