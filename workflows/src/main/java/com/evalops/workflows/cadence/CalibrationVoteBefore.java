package com.evalops.workflows.cadence;

import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.VoteRequest;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;

/**
 * The update name the monthly calibration took votes by before every runbook shared {@code vote}.
 * Registered only so that runs which recorded it replay; no channel sends it.
 */
@WorkflowInterface
public interface CalibrationVoteBefore {
  @UpdateMethod(name = "VoteOnCalibration")
  RequestState vote(VoteRequest vote);

  @UpdateValidatorMethod(updateName = "VoteOnCalibration")
  void validateVote(VoteRequest vote);
}
