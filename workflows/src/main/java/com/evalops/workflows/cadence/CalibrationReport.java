package com.evalops.workflows.cadence;

import java.util.List;

/**
 * The monthly calibration's outcome.
 *
 * @param decision {@code applied} or {@code no_change}
 * @param approvalOutcome {@code APPROVED}, {@code REJECTED}, {@code EXPIRED}, or null when nothing
 *     needed approval
 * @param newConfigVersion the version created, null for no change
 * @param reasons why this decision, in words
 * @param decisionLogSeq the Decision Log entry's sequence number
 */
public record CalibrationReport(
    String runId,
    String month,
    String configVersion,
    ChangeProposal proposal,
    String decision,
    String approvalOutcome,
    String newConfigVersion,
    List<String> reasons,
    String artifactLocation,
    long decisionLogSeq) {

  public CalibrationReport {
    reasons = List.copyOf(reasons);
  }
}
