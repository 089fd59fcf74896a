package com.evalops.workflows.cadence;

import com.evalops.workflows.approval.RefusalNotice;
import com.evalops.workflows.approval.RequestState;
import com.evalops.workflows.approval.VoteRequest;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Seed §1 monthly: calibration analysis, a change proposal with its release plan and monitoring
 * checklist, approval, and the change applied as a new router-config version.
 */
@WorkflowInterface
public interface MonthlyCalibrationWorkflow {

  @WorkflowMethod(name = "MonthlyCalibration")
  CalibrationReport run(MonthlyCalibrationRequest request);

  /**
   * An approver's vote on the proposal, by the update name and result every runbook shares; refused
   * synchronously when it must not count. Runs that recorded the older name replay through {@link
   * CalibrationVoteBefore}.
   */
  @UpdateMethod
  RequestState vote(VoteRequest vote);

  @UpdateValidatorMethod(updateName = "vote")
  void validateVote(VoteRequest vote);

  /**
   * A vote the validator refused, sent back by the client so that auditors see the attempt; it
   * changes nothing else, hence a signal.
   */
  @SignalMethod(name = "RecordCalibrationRefusal")
  void recordRefusal(RefusalNotice refusal);

  @QueryMethod
  CalibrationState state();
}
