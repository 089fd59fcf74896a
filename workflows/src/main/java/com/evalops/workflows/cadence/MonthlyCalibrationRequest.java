package com.evalops.workflows.cadence;

/**
 * @param month {@code 2025-12}; names the run, so a second start for the same month finds the first
 * @param windowDays days of routing log analysed, ending with the month
 * @param requestedBy actor id of the proposer (the schedule or an on-call engineer); they cannot
 *     approve the proposal themselves
 * @param settings null for {@link MonthlyCalibrationSettings#defaults()}
 */
public record MonthlyCalibrationRequest(
    String month, int windowDays, String requestedBy, MonthlyCalibrationSettings settings) {

  public MonthlyCalibrationRequest {
    settings = settings == null ? MonthlyCalibrationSettings.defaults() : settings;
  }
}
