package com.evalops.workflows;

import com.evalops.workflows.cadence.CalibrationState;
import com.evalops.workflows.cadence.DailyQaState;
import com.evalops.workflows.cadence.WeeklyState;
import com.evalops.workflows.incident.IncidentState;
import com.evalops.workflows.runbook.RunbookState;
import com.evalops.workflows.safemode.HoldReleaseState;
import java.util.Arrays;
import java.util.Optional;

/**
 * The runbooks, each with the prefix {@link WorkflowIds} gives its workflow ids and the type its
 * {@value #STATE_QUERY} query answers with: one place knows how an id is built and what it names,
 * so a channel can read any runbook's state without a stub per runbook.
 */
public enum RunbookKind {
  EVALUATION("evaluation-", RunbookState.class),
  WEEKLY("weekly-regression-", WeeklyState.class),
  DAILY("daily-qa-", DailyQaState.class),
  MONTHLY("monthly-calibration-", CalibrationState.class),
  INCIDENT("regression-", IncidentState.class),
  SAFE_MODE_RELEASE("safe-mode-release-", HoldReleaseState.class);

  /** The query every runbook's workflow interface answers its state by ({@code state()}). */
  public static final String STATE_QUERY = "state";

  private final String prefix;
  private final Class<?> stateType;

  RunbookKind(String prefix, Class<?> stateType) {
    this.prefix = prefix;
    this.stateType = stateType;
  }

  public String prefix() {
    return prefix;
  }

  /** What the runbook's {@value #STATE_QUERY} query returns. */
  public Class<?> stateType() {
    return stateType;
  }

  /** The runbook a workflow id names; empty for an id that is no runbook's. */
  public static Optional<RunbookKind> of(String workflowId) {
    return Arrays.stream(values()).filter(k -> workflowId.startsWith(k.prefix)).findFirst();
  }
}
