package com.evalops.harness.evaluation;

import com.evalops.harness.comparison.ComparisonThresholds;
import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.contract.Taxonomy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * One evaluation: what to score, against which config, where to write the report.
 *
 * @param baselineDir the report folder of the baseline run, or null
 * @param sanitizer masks PII in any ticket text copied into the report
 */
public record EvaluationRequest(
    String runId,
    Instant createdAt,
    DatasetRef dataset,
    PredictionSource predictions,
    Taxonomy taxonomy,
    RouterConfig config,
    Path outDir,
    Path baselineDir,
    ComparisonThresholds thresholds,
    double targetPrecision,
    UnaryOperator<String> sanitizer) {}
