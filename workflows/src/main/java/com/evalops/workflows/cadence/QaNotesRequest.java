package com.evalops.workflows.cadence;

import java.util.List;

/**
 * What the daily QA notes say: the facts of the day's labeling, by ticket id only.
 *
 * @param outcome {@code quorum_reached} or {@code quorum_missed} (labeling ended at the deadline
 *     short of the quorum; the review is partial)
 * @param incidents workflow ids of the regression incidents opened or joined
 */
public record QaNotesRequest(
    String day,
    String sampleId,
    String sampleRef,
    long seed,
    int sampleSize,
    int labeledTickets,
    int labels,
    String outcome,
    List<String> safetyViolations,
    List<String> disagreements,
    List<GoldenCandidate> goldenCandidates,
    List<String> incidents,
    int refusals,
    int reminders) {

  public QaNotesRequest {
    safetyViolations = List.copyOf(safetyViolations);
    disagreements = List.copyOf(disagreements);
    goldenCandidates = List.copyOf(goldenCandidates);
    incidents = List.copyOf(incidents);
  }
}
