package com.evalops.harness.metrics;

import java.util.Map;

/** The headline numbers of one run (data contract §6), as written to {@code metrics.json}. */
public record EvaluationMetrics(
    long count,
    double accuracy,
    double macroF1,
    double macroPrecision,
    double macroRecall,
    double teamAccuracy,
    double templateAccuracy,
    Map<String, IntentScore> perIntent,
    Tier0Counts tier0,
    long tier2Violations,
    long unsafeAutomations,
    long unknownPredictedIntents,
    ConfusionMatrix confusion) {}
