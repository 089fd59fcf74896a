package com.evalops.workflows.approval;

import java.util.List;

/**
 * Counts for the runbook and the console. {@code labeledTickets} counts tickets with at least one
 * label; {@code labels} counts labels including second opinions. {@code safetyViolations} lists
 * tickets any labeler flagged, and {@code disagreements} tickets whose labelers answered the three
 * questions differently, both in sample order.
 */
public record LabelingProgress(
    int sampleSize,
    int labeledTickets,
    int labels,
    boolean quorumReached,
    boolean complete,
    List<String> safetyViolations,
    List<String> disagreements) {

  public LabelingProgress {
    safetyViolations = List.copyOf(safetyViolations);
    disagreements = List.copyOf(disagreements);
  }
}
