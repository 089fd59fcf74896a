package com.evalops.harness.report;

/** The file names of a run's report folder (data contract §7). */
public final class ReportFiles {
  public static final String METRICS = "metrics.json";
  public static final String PER_INTENT = "per_intent.csv";
  public static final String CONFUSION = "confusion_matrix.csv";
  public static final String TIER0 = "tier0_report.csv";
  public static final String TIER2 = "tier2_violations.csv";
  public static final String MISROUTES = "misroutes.csv";
  public static final String COMPARISON = "comparison.json";
  public static final String SUMMARY = "summary.md";
  public static final String SWEEP = "threshold_sweep.csv";
  public static final String PREDICTIONS = "predictions.jsonl";

  static final String[] TIER0_HEADER = {
    "ticket_id",
    "kind",
    "gold_intent",
    "predicted_intent",
    "gold_tier",
    "predicted_tier",
    "confidence",
    "channel"
  };
  static final String[] TIER2_HEADER = {
    "ticket_id", "reason", "intent", "template", "confidence", "channel"
  };
  static final String[] MISROUTES_HEADER = {
    "ticket_id",
    "channel",
    "gold_intent",
    "predicted_intent",
    "gold_team",
    "predicted_team",
    "gold_tier",
    "predicted_tier",
    "confidence",
    "automated",
    "text"
  };

  private ReportFiles() {}
}
