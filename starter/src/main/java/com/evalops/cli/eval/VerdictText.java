package com.evalops.cli.eval;

import com.evalops.harness.comparison.Comparison;
import com.evalops.harness.evaluation.EvaluationReport;
import com.evalops.harness.metrics.EvaluationMetrics;
import java.util.Locale;

/** The few lines an on-call engineer reads after {@code evalops eval}. */
final class VerdictText {
  private VerdictText() {}

  static String render(EvaluationReport r) {
    EvaluationMetrics m = r.metrics();
    StringBuilder s = new StringBuilder();
    s.append("Verdict: ").append(r.interpretation().verdict()).append('\n');
    for (String reason : r.interpretation().reasons()) {
      s.append("  - ").append(reason).append('\n');
    }
    s.append(
        String.format(
            Locale.ROOT,
            "Dataset:  %s%s, %,d tickets, sha256 %s%n",
            r.dataset().kind(),
            r.dataset().version() == null ? "" : " " + r.dataset().version(),
            r.dataset().count(),
            r.dataset().sha256().substring(0, 12)));
    s.append(
        String.format(
            Locale.ROOT,
            "Config:   %s (model %s, prompt %s)   router: %s%n",
            r.config().configVersion(),
            r.config().modelVersion(),
            r.config().promptVersion(),
            r.router()));
    s.append(
        String.format(
            Locale.ROOT,
            "Accuracy %.4f   macro F1 %.4f   macro P %.4f   macro R %.4f%n",
            m.accuracy(),
            m.macroF1(),
            m.macroPrecision(),
            m.macroRecall()));
    s.append(
        String.format(
            Locale.ROOT,
            "Team accuracy %.4f   template accuracy %.4f%n",
            m.teamAccuracy(),
            m.templateAccuracy()));
    s.append(
        String.format(
            Locale.ROOT,
            "Tier 0 FN %d   FP %d   Tier 2 violations %d   unsafe automations %d"
                + "   unknown intents %d%n",
            m.tier0().fn(),
            m.tier0().fp(),
            m.tier2Violations(),
            m.unsafeAutomations(),
            m.unknownPredictedIntents()));
    Comparison c = r.comparison();
    if (c != null) {
      s.append(
          String.format(
              Locale.ROOT,
              "Against %s: macro F1 %+.4f   accuracy %+.4f   confusion shift %.4f%n",
              c.baselineRunId(),
              c.deltas().get("macro_f1"),
              c.deltas().get("accuracy"),
              c.confusionShift()));
    }
    if (r.recommendation().threshold() != null) {
      s.append(
          String.format(
              Locale.ROOT,
              "Threshold: recommend %.2f (in force %.2f)%n",
              r.recommendation().threshold(),
              r.config().confidenceThreshold()));
    }
    s.append("Report:   ").append(r.folder()).append('\n');
    return s.toString();
  }
}
