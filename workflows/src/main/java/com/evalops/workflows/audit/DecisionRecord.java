package com.evalops.workflows.audit;

import java.time.Instant;
import java.util.List;

/**
 * One runbook decision for the Decision Log: what was decided, by whom, on what evidence.
 *
 * @param entryId deterministic (workflow id + step), so a retried append is not a second entry
 * @param decidedBy each person or rule that decided: {@code id (channel) at time: comment}
 * @param artifactLocation where the run's report is
 */
public record DecisionRecord(
    String entryId,
    Instant at,
    String runId,
    String runbookKind,
    String verdict,
    String decision,
    List<String> decidedBy,
    List<String> reasons,
    String artifactLocation,
    String configVersion,
    String datasetVersion,
    String datasetSha256) {

  public DecisionRecord {
    decidedBy = List.copyOf(decidedBy);
    reasons = List.copyOf(reasons);
  }
}
