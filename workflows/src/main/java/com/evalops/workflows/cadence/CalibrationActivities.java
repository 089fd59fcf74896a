package com.evalops.workflows.cadence;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The monthly calibration's work outside the workflow: analysis and the config change. */
@ActivityInterface
public interface CalibrationActivities {

  /** Analyses the routing-log window and writes the full findings as an artifact. */
  @ActivityMethod(name = "AnalyzeCalibration")
  CalibrationSummary analyze(CalibrationQuery query);

  /**
   * Creates the approved router-config version and its Change Log entry; a retry with the same
   * change id finishes the first attempt.
   */
  @ActivityMethod(name = "ApplyCalibration")
  AppliedChange applyProposal(ApplyProposalRequest request);
}
