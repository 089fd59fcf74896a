package com.evalops.workflows.incident;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reads a daily QA run back from Temporal so an incident can judge it as exit evidence. */
@ActivityInterface
public interface QaWindowActivities {

  /**
   * The closed daily QA run's window: its start time and the counts its own result holds.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable {@code NOT_FOUND} when no daily QA
   *     run has that id, {@code INVALID_INPUT} when it is still running or did not complete
   */
  @ActivityMethod(name = "VerifyDailyQa")
  QaWindowEvidence verifyDailyQa(String dailyQaRunId);
}
