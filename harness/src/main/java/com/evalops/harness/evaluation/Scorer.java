package com.evalops.harness.evaluation;

import com.evalops.harness.contract.Prediction;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.Taxonomy;
import com.evalops.harness.contract.Ticket;
import com.evalops.harness.metrics.ClassificationMetrics;
import com.evalops.harness.metrics.ConfusionMatrix;
import com.evalops.harness.metrics.EvaluationMetrics;
import com.evalops.harness.metrics.Tier0Counts;
import com.evalops.harness.recalibration.ThresholdSweep;
import com.evalops.harness.report.Csv;
import com.evalops.harness.router.Tier2Gates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Scores gold tickets against predictions one pair at a time (data contract §6), writing the
 * per-ticket findings (Tier 0 misses, Tier 2 violations, misroutes) as it goes so that memory does
 * not grow with the number of tickets.
 */
final class Scorer {
  private static final int MAX_TEXT_CHARS = 300;

  private final Taxonomy taxonomy;
  private final UnaryOperator<String> sanitizer;
  private final Csv.Writer tier0Rows;
  private final Csv.Writer tier2Rows;
  private final Csv.Writer misrouteRows;
  private final Tier2Gates gates;
  private final Set<String> knownIntents;
  private final ThresholdSweep sweep = new ThresholdSweep();

  private final Map<String, Integer> labelIds = new HashMap<>();
  private final List<String> labels = new ArrayList<>();
  private long[][] confusion = new long[0][0];
  private final TreeSet<String> unknownIntents = new TreeSet<>();

  private long count;
  private long teamRight;
  private long templateRight;
  private long tier0Tp;
  private long tier0Fn;
  private long tier0Fp;
  private long tier2Violations;
  private long unsafeAutomations;
  private long unknownPredicted;

  Scorer(
      Taxonomy taxonomy,
      RouterConfig config,
      UnaryOperator<String> sanitizer,
      Csv.Writer tier0Rows,
      Csv.Writer tier2Rows,
      Csv.Writer misrouteRows) {
    this.taxonomy = taxonomy;
    this.knownIntents = new HashSet<>(taxonomy.intents().keySet());
    this.gates = new Tier2Gates(taxonomy, config);
    this.sanitizer = sanitizer;
    this.tier0Rows = tier0Rows;
    this.tier2Rows = tier2Rows;
    this.misrouteRows = misrouteRows;
  }

  void add(Ticket gold, Prediction predicted) {
    count++;
    int g = label(gold.intent());
    int p = label(predicted.intent());
    confusion[g][p]++;
    boolean intentRight = g == p;
    boolean templateMatch = Objects.equals(gold.template(), predicted.template());
    if (gold.team().equals(predicted.team())) {
      teamRight++;
    }
    if (templateMatch) {
      templateRight++;
    }
    if (!knownIntents.contains(predicted.intent())) {
      unknownPredicted++;
      unknownIntents.add(predicted.intent());
    }
    tier0(gold, predicted);

    List<String> refusals = gates.refusals(predicted, gold.channel());
    if (predicted.automated()) {
      if (!refusals.isEmpty()) {
        tier2Violations++;
        tier2Rows.row(
            gold.ticketId(),
            String.join(";", refusals),
            predicted.intent(),
            predicted.template(),
            predicted.confidence(),
            gold.channel().wireName());
      }
      if (gold.tier() != 2) {
        unsafeAutomations++;
      }
    }
    // The sweep moves the config's threshold; the policy's min_confidence stays in force (§6).
    boolean eligibleButForConfidence =
        refusals.isEmpty()
            || (refusals.size() == 1
                && refusals.get(0).equals(Tier2Gates.BELOW_THRESHOLD)
                && predicted.confidence() >= taxonomy.tier2Policy().minConfidence());
    sweep.add(
        predicted.confidence(),
        eligibleButForConfidence,
        intentRight && templateMatch,
        gold.tier() == 2);

    if (!intentRight) {
      misrouteRows.row(
          gold.ticketId(),
          gold.channel().wireName(),
          gold.intent(),
          predicted.intent(),
          gold.team(),
          predicted.team(),
          gold.tier(),
          predicted.tier(),
          predicted.confidence(),
          predicted.automated(),
          excerpt(gold.text()));
    }
  }

  private void tier0(Ticket gold, Prediction predicted) {
    boolean goldZero = gold.tier() == 0;
    boolean predictedZero = predicted.tier() == 0;
    if (goldZero && predictedZero) {
      tier0Tp++;
      return;
    }
    if (goldZero == predictedZero) {
      return;
    }
    if (goldZero) {
      tier0Fn++;
    } else {
      tier0Fp++;
    }
    tier0Rows.row(
        gold.ticketId(),
        goldZero ? "FN" : "FP",
        gold.intent(),
        predicted.intent(),
        gold.tier(),
        predicted.tier(),
        predicted.confidence(),
        gold.channel().wireName());
  }

  /** Sanitized first, because reports leave the production boundary (data contract §7). */
  private String excerpt(String text) {
    String clean = sanitizer.apply(text);
    StringBuilder oneLine = new StringBuilder(Math.min(clean.length(), MAX_TEXT_CHARS + 1));
    boolean space = false;
    int i = 0;
    for (; i < clean.length() && oneLine.length() < MAX_TEXT_CHARS; i++) {
      char c = clean.charAt(i);
      if (Character.isWhitespace(c)) {
        space = oneLine.length() > 0;
      } else {
        if (space) {
          oneLine.append(' ');
          space = false;
        }
        oneLine.append(c);
      }
    }
    return i < clean.length() ? oneLine.append('…').toString() : oneLine.toString();
  }

  private int label(String intent) {
    Integer id = labelIds.get(intent);
    if (id != null) {
      return id;
    }
    id = labels.size();
    labelIds.put(intent, id);
    labels.add(intent);
    long[][] grown = new long[labels.size()][];
    for (int i = 0; i < grown.length; i++) {
      grown[i] =
          i < confusion.length ? Arrays.copyOf(confusion[i], grown.length) : new long[grown.length];
    }
    confusion = grown;
    return id;
  }

  /** Adds the counts of a scorer that scored other tickets; returns this scorer. */
  Scorer merge(Scorer other) {
    count += other.count;
    teamRight += other.teamRight;
    templateRight += other.templateRight;
    tier0Tp += other.tier0Tp;
    tier0Fn += other.tier0Fn;
    tier0Fp += other.tier0Fp;
    tier2Violations += other.tier2Violations;
    unsafeAutomations += other.unsafeAutomations;
    unknownPredicted += other.unknownPredicted;
    unknownIntents.addAll(other.unknownIntents);
    sweep.addAll(other.sweep);
    for (int g = 0; g < other.labels.size(); g++) {
      int gold = label(other.labels.get(g));
      for (int p = 0; p < other.labels.size(); p++) {
        // label() may grow the matrix: look the row up only after it.
        int predicted = label(other.labels.get(p));
        confusion[gold][predicted] += other.confusion[g][p];
      }
    }
    return this;
  }

  ThresholdSweep sweep() {
    return sweep;
  }

  List<String> unknownIntents() {
    return List.copyOf(unknownIntents);
  }

  EvaluationMetrics metrics() {
    ConfusionMatrix matrix = sortedConfusion();
    ClassificationMetrics scores = ClassificationMetrics.of(matrix);
    return new EvaluationMetrics(
        count,
        scores.accuracy(),
        scores.macroF1(),
        scores.macroPrecision(),
        scores.macroRecall(),
        ClassificationMetrics.ratio(teamRight, count),
        ClassificationMetrics.ratio(templateRight, count),
        scores.perIntent(),
        new Tier0Counts(tier0Tp, tier0Fn, tier0Fp),
        tier2Violations,
        unsafeAutomations,
        unknownPredicted,
        matrix);
  }

  /** The matrix over the sorted union of gold and predicted labels, as scikit-learn orders it. */
  private ConfusionMatrix sortedConfusion() {
    List<String> sorted = new ArrayList<>(labels);
    sorted.sort(null);
    int n = sorted.size();
    long[][] counts = new long[n][n];
    for (int i = 0; i < n; i++) {
      int from = labelIds.get(sorted.get(i));
      for (int j = 0; j < n; j++) {
        counts[i][j] = confusion[from][labelIds.get(sorted.get(j))];
      }
    }
    return new ConfusionMatrix(sorted, counts);
  }
}
