package com.evalops.workflows.cadence;

import com.evalops.workflows.approval.HumanSteps;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Seed §1 weekly: the golden set under the prod config, against the last accepted baseline; Support
 * Ops and on-call review a PASS, and only their accept makes it the new baseline.
 */
@WorkflowInterface
public interface WeeklyRegressionWorkflow extends HumanSteps {
  @WorkflowMethod(name = "WeeklyGoldenSetRegression")
  WeeklySummary run(WeeklyRegressionRequest request);

  @QueryMethod
  WeeklyState state();
}
