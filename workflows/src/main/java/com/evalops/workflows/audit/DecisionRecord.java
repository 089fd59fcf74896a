package com.evalops.workflows.audit;

import java.time.Instant;
import java.util.List;

/**
 * One runbook decision for the Decision Log: what was decided, by whom, on what evidence.
 *
 * @param entryId deterministic (workflow id + step), so a retried append is not a second entry
 * @param participants each person or rule that took part, in order
 * @param artifactLocation where the run's report is
 * @param configVersion the config the run evaluated
 * @param appliedConfigVersion the config version the decision created, or null when none
 */
public record DecisionRecord(
    String entryId,
    Instant at,
    String runId,
    String runbookKind,
    String verdict,
    String decision,
    List<Participant> participants,
    List<String> reasons,
    String artifactLocation,
    String configVersion,
    String appliedConfigVersion,
    String datasetVersion,
    String datasetSha256) {

  public DecisionRecord {
    participants = List.copyOf(participants);
    reasons = List.copyOf(reasons);
  }
}
