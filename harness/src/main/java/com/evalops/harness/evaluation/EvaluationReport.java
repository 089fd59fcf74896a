package com.evalops.harness.evaluation;

import com.evalops.harness.comparison.Comparison;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.gates.Interpretation;
import com.evalops.harness.metrics.EvaluationMetrics;
import com.evalops.harness.recalibration.SweepStep;
import com.evalops.harness.recalibration.ThresholdRecommendation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Everything one run found, as written to its report folder (data contract §7).
 *
 * @param comparison null when the run had no baseline
 * @param unknownIntents predicted intents outside the taxonomy, sorted
 */
public record EvaluationReport(
    String runId,
    Instant createdAt,
    DatasetInfo dataset,
    String taxonomyVersion,
    RouterConfig config,
    String router,
    EvaluationMetrics metrics,
    List<String> unknownIntents,
    Comparison comparison,
    Interpretation interpretation,
    List<SweepStep> sweep,
    ThresholdRecommendation recommendation,
    Path folder) {}
