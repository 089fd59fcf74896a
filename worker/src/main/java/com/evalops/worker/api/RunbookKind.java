package com.evalops.worker.api;

import java.util.Arrays;
import java.util.Optional;

/** The runbook a workflow id belongs to, told by the prefix {@code WorkflowIds} gives it. */
public enum RunbookKind {
  EVALUATION("evaluation-", true),
  /** Votes on the baseline review: Support Ops and on-call accept a PASS as the new baseline. */
  WEEKLY("weekly-regression-", true),
  DAILY("daily-qa-", false),
  MONTHLY("monthly-calibration-", true),
  INCIDENT("regression-", true);

  private final String prefix;
  private final boolean takesVotes;

  RunbookKind(String prefix, boolean takesVotes) {
    this.prefix = prefix;
    this.takesVotes = takesVotes;
  }

  /** Whether its approval requests take votes through the shared {@code vote} update. */
  public boolean takesVotes() {
    return takesVotes;
  }

  public static Optional<RunbookKind> of(String workflowId) {
    return Arrays.stream(values()).filter(k -> workflowId.startsWith(k.prefix)).findFirst();
  }

  public static RunbookKind require(String workflowId) {
    return of(workflowId)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "\""
                        + workflowId
                        + "\" is not a runbook id (evaluation-, weekly-regression-, daily-qa-,"
                        + " monthly-calibration- or regression-)"));
  }
}
