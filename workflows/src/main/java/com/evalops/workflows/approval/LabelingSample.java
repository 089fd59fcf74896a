package com.evalops.workflows.approval;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Tickets to label, by id only (the ticket text stays in the artifact store), with a deadline and
 * the quorum that lets the runbook proceed when the deadline comes.
 */
public record LabelingSample(
    String sampleId,
    List<String> ticketIds,
    Instant openedAt,
    Instant deadline,
    LabelingQuorum quorum) {

  public LabelingSample {
    Text.requireNonBlank(sampleId, "sampleId");
    if (ticketIds == null || ticketIds.isEmpty()) {
      throw new IllegalArgumentException("a labeling sample needs at least one ticket");
    }
    ticketIds.forEach(id -> Text.requireNonBlank(id, "ticket id"));
    if (new LinkedHashSet<>(ticketIds).size() != ticketIds.size()) {
      throw new IllegalArgumentException("labeling sample " + sampleId + " repeats a ticket id");
    }
    ticketIds = List.copyOf(ticketIds);
    if (openedAt == null || deadline == null || quorum == null) {
      throw new IllegalArgumentException("openedAt, deadline and quorum are required");
    }
    if (!deadline.isAfter(openedAt)) {
      throw new IllegalArgumentException(
          "deadline " + deadline + " must be after openedAt " + openedAt);
    }
  }
}
