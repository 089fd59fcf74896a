package com.evalops.harness.recalibration;

import com.evalops.harness.metrics.ClassificationMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The confidence-threshold sweep of data contract §9: 0.50 to 0.99 in steps of 0.01. It counts in
 * one pass, so it works on a million tickets in constant memory: each ticket lands in the bucket of
 * the highest step it clears, and each step sums the buckets at and above it.
 *
 * <p>A ticket counts as automated at a step when every Tier 2 gate but the config's threshold lets
 * it through (the policy's min_confidence included) and its confidence reaches the step: the sweep
 * asks what the threshold alone would do, with the policy's gates as they are.
 */
public final class ThresholdSweep {
  public static final double DEFAULT_TARGET_PRECISION = 0.95;
  private static final int FIRST = 50;
  private static final int STEPS = 50;

  private final long[] automated = new long[STEPS];
  private final long[] correct = new long[STEPS];
  private final long[] unsafe = new long[STEPS];
  private long tickets;

  /**
   * @param eligible every gate but the confidence one allows automation
   * @param right the predicted intent and template are both the gold ones
   * @param goldTier2 the gold tier is 2 (automating anything else is unsafe)
   */
  public void add(double confidence, boolean eligible, boolean right, boolean goldTier2) {
    tickets++;
    int highest = highestStepCleared(confidence);
    if (!eligible || highest < 0) {
      return;
    }
    automated[highest]++;
    if (right) {
      correct[highest]++;
    }
    if (!goldTier2) {
      unsafe[highest]++;
    }
  }

  /** Adds another sweep's counts to this one (the sweep of the other half of a file). */
  public void addAll(ThresholdSweep other) {
    tickets += other.tickets;
    for (int i = 0; i < STEPS; i++) {
      automated[i] += other.automated[i];
      correct[i] += other.correct[i];
      unsafe[i] += other.unsafe[i];
    }
  }

  public List<SweepStep> steps() {
    List<SweepStep> steps = new ArrayList<>(STEPS);
    long a = 0;
    long c = 0;
    long u = 0;
    SweepStep[] reversed = new SweepStep[STEPS];
    for (int i = STEPS - 1; i >= 0; i--) {
      a += automated[i];
      c += correct[i];
      u += unsafe[i];
      reversed[i] =
          new SweepStep(
              threshold(i),
              a,
              ClassificationMetrics.ratio(a, tickets),
              ClassificationMetrics.ratio(c, a),
              u);
    }
    for (SweepStep step : reversed) {
      steps.add(step);
    }
    return steps;
  }

  public ThresholdRecommendation recommend(double targetPrecision) {
    for (SweepStep step : steps()) {
      if (step.automated() > 0
          && step.precision() >= targetPrecision
          && step.unsafeAutomations() == 0) {
        return new ThresholdRecommendation(
            step.threshold(),
            targetPrecision,
            String.format(
                Locale.ROOT,
                "lowest threshold with precision %.4f ≥ %.2f and no unsafe automation"
                    + " (coverage %.4f)",
                step.precision(),
                targetPrecision,
                step.coverage()));
      }
    }
    return new ThresholdRecommendation(
        null,
        targetPrecision,
        String.format(
            Locale.ROOT,
            "no threshold from 0.50 to 0.99 reaches precision %.2f with zero unsafe automations;"
                + " keep automation off for the failing intents",
            targetPrecision));
  }

  static double threshold(int step) {
    return (FIRST + step) / 100.0;
  }

  /** The index of the highest step t with confidence ≥ t, or -1 below 0.50. */
  static int highestStepCleared(double confidence) {
    int hundredths = (int) Math.floor(confidence * 100);
    // confidence·100 can land a hair off the integer; settle on the exact double comparison.
    if ((hundredths + 1) / 100.0 <= confidence) {
      hundredths++;
    } else if (hundredths / 100.0 > confidence) {
      hundredths--;
    }
    return Math.min(hundredths, FIRST + STEPS - 1) - FIRST;
  }
}
