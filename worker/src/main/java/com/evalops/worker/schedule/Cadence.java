package com.evalops.worker.schedule;

import com.evalops.workflows.cadence.DailyQaWorkflow;
import com.evalops.workflows.cadence.MonthlyCalibrationWorkflow;
import com.evalops.workflows.cadence.WeeklyRegressionWorkflow;

/** The three cadences of seed §1, each with its workflow and the name its schedule carries. */
public enum Cadence {
  DAILY_QA("daily-qa", DailyQaWorkflow.class),
  WEEKLY_REGRESSION("weekly-regression", WeeklyRegressionWorkflow.class),
  MONTHLY_CALIBRATION("monthly-calibration", MonthlyCalibrationWorkflow.class);

  private final String key;
  private final Class<?> workflow;

  Cadence(String key, Class<?> workflow) {
    this.key = key;
    this.workflow = workflow;
  }

  /** {@code daily-qa}, {@code weekly-regression}, {@code monthly-calibration}. */
  public String key() {
    return key;
  }

  /** The Temporal Schedule's id: {@code evalops-daily-qa}. */
  public String scheduleId() {
    return "evalops-" + key;
  }

  public Class<?> workflow() {
    return workflow;
  }
}
