package com.evalops.workflows.cadence;

import java.util.List;

/**
 * The daily output of seed §1: the QA notes, incidents flagged and golden set candidates.
 *
 * @param outcome {@code quorum_reached} or {@code quorum_missed} (labeling ended at the deadline
 *     short of the quorum; the review is partial)
 * @param incidents workflow ids of the regression incidents opened or joined
 * @param notesRef URI of the QA notes
 * @param teamCorrect reviewed tickets every reviewer found routed to the right team; null in runs
 *     recorded before it was counted
 * @param templateCorrect reviewed tickets every reviewer found answered with the right template;
 *     null in runs recorded before it was counted
 */
public record DailyQaReport(
    String day,
    String sampleId,
    String sampleRef,
    int sampleSize,
    int labeledTickets,
    String outcome,
    List<String> safetyViolations,
    List<String> incidents,
    List<GoldenCandidate> goldenCandidates,
    String notesRef,
    long decisionLogSeq,
    Integer teamCorrect,
    Integer templateCorrect) {

  public DailyQaReport {
    safetyViolations = List.copyOf(safetyViolations);
    incidents = List.copyOf(incidents);
    goldenCandidates = List.copyOf(goldenCandidates);
  }
}
