package com.evalops.harness.report;

import com.evalops.harness.comparison.Comparison;
import com.evalops.harness.comparison.IntentShift;
import com.evalops.harness.comparison.RecallDrop;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.evaluation.EvaluationReport;
import com.evalops.harness.metrics.ConfusionMatrix;
import com.evalops.harness.metrics.EvaluationMetrics;
import com.evalops.harness.metrics.IntentScore;
import com.evalops.harness.recalibration.SweepStep;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the files of a report folder that summarise a run (data contract §7). */
public final class ReportWriter {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  /** Opens the per-ticket CSV files that the scorer fills as it goes. */
  public static Csv.Writer tier0Rows(Path folder) {
    return Csv.open(folder.resolve(ReportFiles.TIER0), ReportFiles.TIER0_HEADER);
  }

  public static Csv.Writer tier2Rows(Path folder) {
    return Csv.open(folder.resolve(ReportFiles.TIER2), ReportFiles.TIER2_HEADER);
  }

  public static Csv.Writer misrouteRows(Path folder) {
    return Csv.open(folder.resolve(ReportFiles.MISROUTES), ReportFiles.MISROUTES_HEADER);
  }

  public static void writeSummaries(Path folder, EvaluationReport report) {
    EvaluationMetrics m = report.metrics();
    writeJson(folder.resolve(ReportFiles.METRICS), metricsJson(report));
    try (Csv.Writer csv =
        Csv.open(
            folder.resolve(ReportFiles.PER_INTENT),
            "intent",
            "precision",
            "recall",
            "f1",
            "support")) {
      m.perIntent()
          .forEach((intent, s) -> csv.row(intent, s.precision(), s.recall(), s.f1(), s.support()));
    }
    writeConfusion(folder.resolve(ReportFiles.CONFUSION), m.confusion());
    try (Csv.Writer csv =
        Csv.open(
            folder.resolve(ReportFiles.SWEEP),
            "threshold",
            "automated",
            "coverage",
            "precision",
            "unsafe_automations")) {
      for (SweepStep step : report.sweep()) {
        csv.row(
            String.format(java.util.Locale.ROOT, "%.2f", step.threshold()),
            step.automated(),
            step.coverage(),
            step.precision(),
            step.unsafeAutomations());
      }
    }
    if (report.comparison() != null) {
      writeJson(folder.resolve(ReportFiles.COMPARISON), comparisonJson(report.comparison()));
    }
    SummaryMarkdown.write(folder.resolve(ReportFiles.SUMMARY), report);
  }

  static Map<String, Object> metricsJson(EvaluationReport report) {
    EvaluationMetrics m = report.metrics();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("run_id", report.runId());
    json.put("created_at", report.createdAt().toString());
    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("kind", report.dataset().kind());
    dataset.put("version", report.dataset().version());
    dataset.put("sha256", report.dataset().sha256());
    dataset.put("count", report.dataset().count());
    json.put("dataset", dataset);
    json.put("taxonomy_version", report.taxonomyVersion());
    json.put("router", report.router());
    json.put("config", configJson(report.config()));
    json.put("accuracy", m.accuracy());
    json.put("macro_f1", m.macroF1());
    json.put("macro_precision", m.macroPrecision());
    json.put("macro_recall", m.macroRecall());
    json.put("team_accuracy", m.teamAccuracy());
    json.put("template_accuracy", m.templateAccuracy());
    Map<String, Object> perIntent = new LinkedHashMap<>();
    for (Map.Entry<String, IntentScore> e : m.perIntent().entrySet()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("precision", e.getValue().precision());
      s.put("recall", e.getValue().recall());
      s.put("f1", e.getValue().f1());
      s.put("support", e.getValue().support());
      perIntent.put(e.getKey(), s);
    }
    json.put("per_intent", perIntent);
    Map<String, Object> tier0 = new LinkedHashMap<>();
    tier0.put("tp", m.tier0().tp());
    tier0.put("fn", m.tier0().fn());
    tier0.put("fp", m.tier0().fp());
    json.put("tier0", tier0);
    json.put("tier2_violations", m.tier2Violations());
    json.put("unsafe_automations", m.unsafeAutomations());
    json.put("unknown_predicted_intents", m.unknownPredictedIntents());
    json.put("unknown_intent_names", report.unknownIntents());
    json.put("verdict", report.interpretation().verdict().name());
    json.put("verdict_reasons", report.interpretation().reasons());
    Map<String, Object> recommendation = new LinkedHashMap<>();
    recommendation.put("threshold", report.recommendation().threshold());
    recommendation.put("target_precision", report.recommendation().targetPrecision());
    recommendation.put("reason", report.recommendation().reason());
    json.put("threshold_recommendation", recommendation);
    return json;
  }

  /** The config exactly in the shape of {@code router-config.json} (data contract §3). */
  public static Map<String, Object> configJson(RouterConfig config) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("config_version", config.configVersion());
    json.put("prompt_version", config.promptVersion());
    json.put("model_version", config.modelVersion());
    json.put("confidence_threshold", config.confidenceThreshold());
    json.put("intent_thresholds", config.intentThresholds());
    Map<String, Object> templates = new LinkedHashMap<>();
    config.templates().forEach((id, t) -> templates.put(id, Map.of("enabled", t.enabled())));
    json.put("templates", templates);
    json.put("safe_mode", config.safeMode());
    // Written only when held, so a config without holds keeps the file of data contract §3.
    if (config.anySafeMode()) {
      json.put("safe_mode_scopes", config.safeModeScopes());
    }
    return json;
  }

  static Map<String, Object> comparisonJson(Comparison c) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("baseline_run_id", c.baselineRunId());
    json.put("large", c.large());
    json.put("reasons", c.reasons());
    json.put("deltas", c.deltas());
    json.put("confusion_shift", c.confusionShift());
    List<Map<String, Object>> shifts = new ArrayList<>();
    for (IntentShift s : c.largestShifts()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("intent", s.intent());
      row.put("support", s.support());
      row.put("distance", s.distance());
      shifts.add(row);
    }
    json.put("largest_shifts", shifts);
    List<Map<String, Object>> drops = new ArrayList<>();
    for (RecallDrop d : c.recallDrops()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("intent", d.intent());
      row.put("support", d.support());
      row.put("baseline_recall", d.baselineRecall());
      row.put("recall", d.recall());
      drops.add(row);
    }
    json.put("recall_drops", drops);
    Map<String, Object> thresholds = new LinkedHashMap<>();
    thresholds.put("max_confusion_shift", c.thresholds().maxConfusionShift());
    thresholds.put("min_support", c.thresholds().minSupport());
    thresholds.put("max_recall_drop", c.thresholds().maxRecallDrop());
    thresholds.put("max_macro_f1_drop", c.thresholds().maxMacroF1Drop());
    json.put("thresholds", thresholds);
    return json;
  }

  private static void writeConfusion(Path file, ConfusionMatrix matrix) {
    String[] header = new String[matrix.size() + 1];
    header[0] = "gold\\predicted";
    for (int i = 0; i < matrix.size(); i++) {
      header[i + 1] = matrix.labels().get(i);
    }
    try (Csv.Writer csv = Csv.open(file, header)) {
      for (int i = 0; i < matrix.size(); i++) {
        Object[] row = new Object[matrix.size() + 1];
        row[0] = matrix.labels().get(i);
        for (int j = 0; j < matrix.size(); j++) {
          row[j + 1] = matrix.counts()[i][j];
        }
        csv.row(row);
      }
    }
  }

  static void writeJson(Path file, Object value) {
    try {
      JSON.writeValue(file.toFile(), value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
