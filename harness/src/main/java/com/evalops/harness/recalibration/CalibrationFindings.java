package com.evalops.harness.recalibration;

import java.util.List;

/**
 * What the monthly calibration found in a window of the routing log.
 *
 * @param tickets entries in the window
 * @param overridden entries an agent overrode
 * @param automated entries the router answered by itself
 * @param currentThreshold the config's global confidence threshold
 * @param sweep the threshold sweep with overrides as the ground-truth proxy
 * @param recommendation the sweep's recommended global threshold (null threshold: none qualifies)
 * @param lowConfidenceTickets entries under the threshold in force for their predicted intent
 */
public record CalibrationFindings(
    String configVersion,
    String taxonomyVersion,
    long tickets,
    long overridden,
    long automated,
    double currentThreshold,
    List<SweepStep> sweep,
    ThresholdRecommendation recommendation,
    List<TemplateFinding> templates,
    List<NewIntentSignal> newIntents,
    long lowConfidenceTickets,
    List<LowConfidenceCluster> lowConfidenceClusters,
    CalibrationBounds bounds) {

  public CalibrationFindings {
    sweep = List.copyOf(sweep);
    templates = List.copyOf(templates);
    newIntents = List.copyOf(newIntents);
    lowConfidenceClusters = List.copyOf(lowConfidenceClusters);
  }
}
