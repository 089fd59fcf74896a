package com.evalops.harness.comparison;

import com.evalops.harness.metrics.ConfusionMatrix;
import com.evalops.harness.metrics.EvaluationMetrics;
import com.evalops.harness.metrics.IntentScore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Compares a run with its baseline and decides whether the change is "large" (§8). */
public final class BaselineComparator {
  /**
   * Differences are compared with thresholds after subtracting floating-point noise, so that a
   * recall going from 0.9 to 0.8 counts as a fall of 0.10.
   */
  private static final double EPSILON = 1e-9;

  private static final int LARGEST_SHIFTS = 5;

  /**
   * The gold label that moved most comes first: largest distance, then the one with more tickets (a
   * shift on more tickets matters more), then by name so the order is total.
   */
  static final Comparator<IntentShift> MOST_MOVED =
      Comparator.comparingDouble(IntentShift::distance)
          .reversed()
          .thenComparing(Comparator.comparingLong(IntentShift::support).reversed())
          .thenComparing(IntentShift::intent);

  private BaselineComparator() {}

  public static Comparison compare(
      EvaluationMetrics current,
      EvaluationMetrics baseline,
      String baselineRunId,
      ComparisonThresholds thresholds) {
    Map<String, Double> deltas = new LinkedHashMap<>();
    deltas.put("accuracy", current.accuracy() - baseline.accuracy());
    deltas.put("macro_f1", current.macroF1() - baseline.macroF1());
    deltas.put("macro_precision", current.macroPrecision() - baseline.macroPrecision());
    deltas.put("macro_recall", current.macroRecall() - baseline.macroRecall());
    deltas.put("team_accuracy", current.teamAccuracy() - baseline.teamAccuracy());
    deltas.put("template_accuracy", current.templateAccuracy() - baseline.templateAccuracy());
    deltas.put("tier0_fn", (double) (current.tier0().fn() - baseline.tier0().fn()));
    deltas.put("tier0_fp", (double) (current.tier0().fp() - baseline.tier0().fp()));
    deltas.put(
        "tier2_violations", (double) (current.tier2Violations() - baseline.tier2Violations()));
    deltas.put(
        "unsafe_automations",
        (double) (current.unsafeAutomations() - baseline.unsafeAutomations()));

    List<IntentShift> shifts = rowShifts(current.confusion(), baseline.confusion());
    double shift = weightedMean(shifts);

    List<RecallDrop> drops = new ArrayList<>();
    for (Map.Entry<String, IntentScore> entry : current.perIntent().entrySet()) {
      IntentScore now = entry.getValue();
      IntentScore before = baseline.perIntent().get(entry.getKey());
      if (before == null || now.support() < thresholds.minSupport()) {
        continue;
      }
      if (before.recall() - now.recall() >= thresholds.maxRecallDrop() - EPSILON) {
        drops.add(new RecallDrop(entry.getKey(), now.support(), before.recall(), now.recall()));
      }
    }
    drops.sort(Comparator.comparingDouble(RecallDrop::drop).reversed());

    List<IntentShift> largest = new ArrayList<>(shifts);
    largest.sort(MOST_MOVED);

    List<String> reasons = new ArrayList<>();
    if (shift > thresholds.maxConfusionShift() + EPSILON) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "confusion shift %.4f exceeds %.4f (largest: %s)",
              shift,
              thresholds.maxConfusionShift(),
              largest.isEmpty() ? "-" : describe(largest.get(0))));
    }
    for (RecallDrop drop : drops) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "recall of %s fell from %.4f to %.4f (support %d)",
              drop.intent(),
              drop.baselineRecall(),
              drop.recall(),
              drop.support()));
    }
    double macroF1Fall = baseline.macroF1() - current.macroF1();
    if (macroF1Fall >= thresholds.maxMacroF1Drop() - EPSILON) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "macro F1 fell from %.4f to %.4f",
              baseline.macroF1(),
              current.macroF1()));
    }
    return new Comparison(
        baselineRunId,
        deltas,
        shift,
        List.copyOf(largest.subList(0, Math.min(LARGEST_SHIFTS, largest.size()))),
        List.copyOf(drops),
        !reasons.isEmpty(),
        reasons,
        thresholds);
  }

  /**
   * For each gold label with tickets in both runs: the total-variation distance between its two
   * row-normalised rows (half the sum of absolute differences over the union of predicted labels).
   * The weight is the current run's support.
   */
  static List<IntentShift> rowShifts(ConfusionMatrix current, ConfusionMatrix baseline) {
    TreeSet<String> columns = new TreeSet<>(current.labels());
    columns.addAll(baseline.labels());
    List<IntentShift> shifts = new ArrayList<>();
    for (int i = 0; i < current.size(); i++) {
      String gold = current.labels().get(i);
      int j = baseline.indexOf(gold);
      long supportNow = current.support(i);
      if (j < 0 || supportNow == 0 || baseline.support(j) == 0) {
        continue;
      }
      long supportBefore = baseline.support(j);
      double sum = 0;
      for (String column : columns) {
        int cNow = current.indexOf(column);
        int cBefore = baseline.indexOf(column);
        double p = cNow < 0 ? 0 : (double) current.counts()[i][cNow] / supportNow;
        double q = cBefore < 0 ? 0 : (double) baseline.counts()[j][cBefore] / supportBefore;
        sum += Math.abs(p - q);
      }
      shifts.add(new IntentShift(gold, supportNow, sum / 2));
    }
    shifts.sort(Comparator.comparing(IntentShift::intent));
    return shifts;
  }

  private static String describe(IntentShift shift) {
    return String.format(
        Locale.ROOT,
        "%s, shift %.4f, support %d",
        shift.intent(),
        shift.distance(),
        shift.support());
  }

  private static double weightedMean(List<IntentShift> shifts) {
    double weighted = 0;
    long support = 0;
    for (IntentShift shift : shifts) {
      weighted += shift.distance() * shift.support();
      support += shift.support();
    }
    return support == 0 ? 0 : weighted / support;
  }
}
