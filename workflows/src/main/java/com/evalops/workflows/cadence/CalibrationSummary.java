package com.evalops.workflows.cadence;

import com.evalops.harness.recalibration.LowConfidenceCluster;
import com.evalops.harness.recalibration.NewIntentSignal;
import java.util.List;

/**
 * The analysis in numbers for the workflow; the full findings (sweep, every template) are in the
 * artifact. No ticket text: the clusters are word pairs from sanitized text.
 *
 * @param recommendedThreshold null when no threshold meets the precision target safely
 * @param templateChanges only the templates the analysis proposes to change
 * @param artifactLocation where {@code calibration.json} and {@code calibration.md} were written
 */
public record CalibrationSummary(
    String runId,
    String configVersion,
    String promptVersion,
    String modelVersion,
    String taxonomyVersion,
    long tickets,
    long overridden,
    long automated,
    double currentThreshold,
    Double recommendedThreshold,
    String recommendationReason,
    List<TemplateChange> templateChanges,
    List<NewIntentSignal> newIntents,
    long lowConfidenceTickets,
    List<LowConfidenceCluster> lowConfidenceClusters,
    String artifactLocation) {

  public CalibrationSummary {
    templateChanges = List.copyOf(templateChanges);
    newIntents = List.copyOf(newIntents);
    lowConfidenceClusters = List.copyOf(lowConfidenceClusters);
  }
}
