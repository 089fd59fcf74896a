package com.evalops.workflows.cadence;

import com.evalops.workflows.approval.LabelingState;
import java.util.List;

/**
 * What the daily QA run is doing, for the {@code state()} query.
 *
 * @param step {@code sample}, {@code labeling}, {@code report} or {@code done}
 * @param sample null until drawn
 * @param labeling labels, refusals and the labeling audit trail; null until the sample is drawn
 * @param outcome null until labeling closed
 */
public record DailyQaState(
    String day,
    String step,
    QaSample sample,
    LabelingState labeling,
    int reminders,
    String outcome,
    List<GoldenCandidate> goldenCandidates,
    List<String> incidents,
    String notesRef) {

  public DailyQaState {
    goldenCandidates = List.copyOf(goldenCandidates);
    incidents = List.copyOf(incidents);
  }
}
