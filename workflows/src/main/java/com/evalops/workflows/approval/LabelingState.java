package com.evalops.workflows.approval;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The labeling book as records: what {@code state()} queries return and what continue-as-new
 * carries. {@code waitingFor}, {@code until} and {@code progress} are derived and ignored when
 * restoring; {@code closedAt} is null while labels are accepted.
 */
public record LabelingState(
    LabelingSample sample,
    Set<Role> waitingFor,
    Instant until,
    Instant closedAt,
    LabelingProgress progress,
    List<Label> labels,
    List<Refusal> refusals,
    List<Decision> decisions) {

  public LabelingState {
    labels = List.copyOf(labels);
    refusals = List.copyOf(refusals);
    decisions = List.copyOf(decisions);
  }
}
