package com.evalops.workflows;

import java.util.Locale;

/**
 * Every workflow id comes from here: one place decides how runs are named, and repeated alarms for
 * one scope find the same incident.
 */
public final class WorkflowIds {
  private WorkflowIds() {}

  public static String evaluation(String runId) {
    return "evaluation-" + safe(runId);
  }

  public static String weeklyRegression(String weekId) {
    return "weekly-regression-" + safe(weekId);
  }

  public static String dailyQa(String day) {
    return "daily-qa-" + safe(day);
  }

  /** One calibration per month: a second start for the same month finds the first. */
  public static String monthlyCalibration(String month) {
    return "monthly-calibration-" + safe(month);
  }

  /**
   * The id a Temporal Schedule gives the runs of a cadence; the server appends each run's nominal
   * time ({@code daily-qa-scheduled-2025-12-15T09:00:00Z}).
   */
  public static String scheduledRun(String cadence) {
    return safe(cadence) + "-scheduled";
  }

  /**
   * The cron workflow of a cadence on a server without Schedules: one id for every run, so a second
   * apply finds it.
   */
  public static String cron(String cadence) {
    return "evalops-" + safe(cadence) + "-cron";
  }

  public static String regression(String scope) {
    return "regression-" + safe(scope);
  }

  /** Ids are shown in URLs and the Temporal UI: keep them to a plain alphabet. */
  static String safe(String part) {
    String cleaned = part.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    if (cleaned.isEmpty() || cleaned.equals("-")) {
      throw new IllegalArgumentException(
          "an id part must hold letters or digits: \"" + part + "\"");
    }
    return cleaned;
  }
}
