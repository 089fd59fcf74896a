package com.evalops.harness.report;

import com.evalops.harness.comparison.Comparison;
import com.evalops.harness.comparison.RecallDrop;
import com.evalops.harness.evaluation.EvaluationReport;
import com.evalops.harness.metrics.EvaluationMetrics;
import com.evalops.harness.metrics.IntentScore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code summary.md}: the run's facts for a person, verdict first. */
final class SummaryMarkdown {
  private static final int WORST_INTENTS = 5;

  private SummaryMarkdown() {}

  static void write(Path file, EvaluationReport report) {
    try {
      Files.writeString(file, render(report), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static String render(EvaluationReport r) {
    EvaluationMetrics m = r.metrics();
    StringBuilder md = new StringBuilder();
    md.append("# Verdict: ").append(r.interpretation().verdict()).append("\n\n");
    for (String reason : r.interpretation().reasons()) {
      md.append("- ").append(reason).append('\n');
    }
    md.append("\n## Run\n\n");
    line(md, "Run", r.runId());
    line(md, "Created", r.createdAt().toString());
    line(
        md,
        "Dataset",
        r.dataset().kind()
            + (r.dataset().version() == null ? "" : " " + r.dataset().version())
            + ", "
            + r.dataset().count()
            + " tickets, sha256 "
            + r.dataset().sha256());
    line(md, "Taxonomy", r.taxonomyVersion());
    line(
        md,
        "Config",
        r.config().configVersion()
            + " (prompt "
            + r.config().promptVersion()
            + ", model "
            + r.config().modelVersion()
            + ", threshold "
            + r.config().confidenceThreshold()
            + (r.config().safeMode() ? ", SAFE MODE" : "")
            + ")");
    line(md, "Router", r.router());

    md.append("\n## Headline\n\n| metric | value |");
    if (r.comparison() != null) {
      md.append(" change vs ").append(r.comparison().baselineRunId()).append(" |");
    }
    md.append('\n').append(r.comparison() != null ? "|---|---|---|\n" : "|---|---|\n");
    metric(md, r, "accuracy", m.accuracy());
    metric(md, r, "macro_f1", m.macroF1());
    metric(md, r, "macro_precision", m.macroPrecision());
    metric(md, r, "macro_recall", m.macroRecall());
    metric(md, r, "team_accuracy", m.teamAccuracy());
    metric(md, r, "template_accuracy", m.templateAccuracy());
    md.append("\n## Safety\n\n");
    line(
        md,
        "Tier 0 false negatives",
        m.tier0().fn() + (m.tier0().fn() > 0 ? " (see tier0_report.csv)" : ""));
    line(md, "Tier 0 false positives", String.valueOf(m.tier0().fp()));
    line(
        md,
        "Tier 2 eligibility violations",
        m.tier2Violations() + (m.tier2Violations() > 0 ? " (see tier2_violations.csv)" : ""));
    line(md, "Unsafe automations (gold tier not 2)", String.valueOf(m.unsafeAutomations()));
    line(
        md,
        "Predicted intents outside the taxonomy",
        m.unknownPredictedIntents()
            + (r.unknownIntents().isEmpty() ? "" : " " + r.unknownIntents()));

    if (r.comparison() != null) {
      Comparison c = r.comparison();
      md.append("\n## Against the baseline\n\n");
      line(md, "Baseline", c.baselineRunId());
      line(
          md,
          "Confusion shift",
          String.format(
              Locale.ROOT,
              "%.4f (large above %.4f)",
              c.confusionShift(),
              c.thresholds().maxConfusionShift()));
      for (RecallDrop drop : c.recallDrops()) {
        md.append(
            String.format(
                Locale.ROOT,
                "- recall of `%s` fell %.4f → %.4f (support %d)%n",
                drop.intent(),
                drop.baselineRecall(),
                drop.recall(),
                drop.support()));
      }
    }

    md.append("\n## Weakest intents (by F1)\n\n| intent | precision | recall | f1 | support |\n");
    md.append("|---|---|---|---|---|\n");
    List<Map.Entry<String, IntentScore>> worst = new ArrayList<>(m.perIntent().entrySet());
    worst.sort(Comparator.comparingDouble((Map.Entry<String, IntentScore> e) -> e.getValue().f1()));
    for (Map.Entry<String, IntentScore> e :
        worst.subList(0, Math.min(WORST_INTENTS, worst.size()))) {
      IntentScore s = e.getValue();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.4f | %.4f | %.4f | %d |%n",
              e.getKey(),
              s.precision(),
              s.recall(),
              s.f1(),
              s.support()));
    }
    md.append("\n## Threshold\n\n");
    line(
        md,
        "Recommendation",
        (r.recommendation().threshold() == null
                ? "none"
                : String.format(Locale.ROOT, "%.2f", r.recommendation().threshold()))
            + " — "
            + r.recommendation().reason());
    line(md, "In force", String.valueOf(r.config().confidenceThreshold()));
    md.append(
        "\nFiles: metrics.json, per_intent.csv, confusion_matrix.csv, tier0_report.csv,"
            + " tier2_violations.csv, misroutes.csv, threshold_sweep.csv"
            + (r.comparison() != null ? ", comparison.json" : "")
            + ". Ticket text in these files is sanitized.\n");
    return md.toString();
  }

  private static void line(StringBuilder md, String label, String value) {
    md.append("- **").append(label).append(":** ").append(value).append('\n');
  }

  private static void metric(StringBuilder md, EvaluationReport r, String name, double value) {
    md.append(String.format(Locale.ROOT, "| %s | %.4f |", name, value));
    if (r.comparison() != null) {
      Double delta = r.comparison().deltas().get(name);
      md.append(String.format(Locale.ROOT, " %+.4f |", delta == null ? 0.0 : delta));
    }
    md.append('\n');
  }
}
