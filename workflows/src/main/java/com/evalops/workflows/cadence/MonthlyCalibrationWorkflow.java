package com.evalops.workflows.cadence;

import com.evalops.workflows.approval.HumanSteps;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Seed §1 monthly: calibration analysis, a change proposal with its release plan and monitoring
 * checklist, approval, and the change applied as a new router-config version.
 */
@WorkflowInterface
public interface MonthlyCalibrationWorkflow extends HumanSteps {

  @WorkflowMethod(name = "MonthlyCalibration")
  CalibrationReport run(MonthlyCalibrationRequest request);

  @QueryMethod
  CalibrationState state();
}
