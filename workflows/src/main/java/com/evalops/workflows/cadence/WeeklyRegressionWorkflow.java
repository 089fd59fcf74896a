package com.evalops.workflows.cadence;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Seed §1 weekly: the golden set under the prod config, against the last accepted baseline. */
@WorkflowInterface
public interface WeeklyRegressionWorkflow {
  @WorkflowMethod(name = "WeeklyGoldenSetRegression")
  WeeklySummary run(WeeklyRegressionRequest request);

  @QueryMethod
  WeeklyState state();
}
