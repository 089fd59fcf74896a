package com.evalops.harness.metrics;

/**
 * The mean as {@code numpy.mean} computes it for float64: pairwise summation with eight
 * accumulators in blocks of up to 128 values, then one division. A plain loop differs in the last
 * bits for 8 or more values, and the contract promises scikit-learn's exact numbers.
 */
final class NumpyMean {
  private static final int BLOCK = 128;

  private NumpyMean() {}

  static double of(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    return pairwiseSum(values, 0, values.length) / values.length;
  }

  static double pairwiseSum(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0.0;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    if (n <= BLOCK) {
      double[] r = new double[8];
      for (int j = 0; j < 8; j++) {
        r[j] = a[from + j];
      }
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[from + i + j];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    int n2 = n / 2;
    n2 -= n2 % 8;
    return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
  }
}
