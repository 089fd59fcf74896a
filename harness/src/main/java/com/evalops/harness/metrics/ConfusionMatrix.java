package com.evalops.harness.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * A square confusion matrix over sorted labels, as scikit-learn's {@code confusion_matrix(gold,
 * predicted, labels=sorted(union))}: rows are gold labels, columns predicted labels.
 */
public record ConfusionMatrix(List<String> labels, long[][] counts) {

  public ConfusionMatrix {
    labels = List.copyOf(labels);
    if (counts.length != labels.size()) {
      throw new IllegalArgumentException("counts must be " + labels.size() + " rows");
    }
  }

  public int size() {
    return labels.size();
  }

  public int indexOf(String label) {
    return labels.indexOf(label);
  }

  /** How many tickets have this gold label. */
  public long support(int label) {
    long sum = 0;
    for (long c : counts[label]) {
      sum += c;
    }
    return sum;
  }

  /** How many tickets were predicted with this label. */
  public long predicted(int label) {
    long sum = 0;
    for (long[] row : counts) {
      sum += row[label];
    }
    return sum;
  }

  public long total() {
    long sum = 0;
    for (int i = 0; i < counts.length; i++) {
      sum += support(i);
    }
    return sum;
  }

  /** By content: a record compares array components by identity, so two equal runs would differ. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ConfusionMatrix m
        && labels.equals(m.labels)
        && Arrays.deepEquals(counts, m.counts);
  }

  @Override
  public int hashCode() {
    return 31 * labels.hashCode() + Arrays.deepHashCode(counts);
  }

  @Override
  public String toString() {
    return "ConfusionMatrix[labels=" + labels + ", counts=" + Arrays.deepToString(counts) + "]";
  }

  public long correct() {
    long sum = 0;
    for (int i = 0; i < counts.length; i++) {
      sum += counts[i][i];
    }
    return sum;
  }
}
