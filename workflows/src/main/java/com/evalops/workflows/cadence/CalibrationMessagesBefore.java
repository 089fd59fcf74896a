package com.evalops.workflows.cadence;

import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.VoteRequest;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;

/**
 * The message names the monthly calibration took votes and refusals by before every runbook shared
 * {@link com.evalops.workflows.approval.HumanSteps}. Registered only so that runs which recorded
 * them replay; no channel sends them.
 */
@WorkflowInterface
public interface CalibrationMessagesBefore {
  @UpdateMethod(name = "VoteOnCalibration")
  RequestState vote(VoteRequest vote);

  @UpdateValidatorMethod(updateName = "VoteOnCalibration")
  void validateVote(VoteRequest vote);

  @SignalMethod(name = "RecordCalibrationRefusal")
  void recordRefusal(RefusalNotice refusal);
}
