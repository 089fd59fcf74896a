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
 * Seed §1 weekly: the golden set under the prod config, against the last accepted baseline; Support
 * Ops and on-call review a PASS, and only their accept makes it the new baseline.
 */
@WorkflowInterface
public interface WeeklyRegressionWorkflow {
  @WorkflowMethod(name = "WeeklyGoldenSetRegression")
  WeeklySummary run(WeeklyRegressionRequest request);

  @QueryMethod
  WeeklyState state();

  /** A reviewer's accept (approve) or reject of the run as the new baseline. */
  @UpdateMethod
  RequestState vote(VoteRequest vote);

  @UpdateValidatorMethod(updateName = "vote")
  void validateVote(VoteRequest vote);

  @SignalMethod
  void recordRefusal(RefusalNotice refused);
}
