package com.evalops.worker.api;

import java.util.Arrays;
import java.util.Optional;

/** The runbook a workflow id belongs to, told by the prefix {@code WorkflowIds} gives it. */
public enum RunbookKind {
  EVALUATION("evaluation-"),
  WEEKLY("weekly-regression-"),
  DAILY("daily-qa-"),
  MONTHLY("monthly-calibration-"),
  INCIDENT("regression-");

  private final String prefix;

  RunbookKind(String prefix) {
    this.prefix = prefix;
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
