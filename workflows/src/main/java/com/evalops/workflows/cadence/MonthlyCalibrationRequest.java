package com.evalops.workflows.cadence;

/**
 * @param month {@code 2025-12}; names the run, so a second start for the same month finds the
 *     first. Null or blank (a scheduled run): the month before the one the run starts in, in {@code
 *     zone}, see {@link CadencePeriods}
 * @param windowDays days of routing log analysed, ending with the month; 0 for the whole month
 * @param requestedBy actor id of the proposer (the schedule or an on-call engineer); they cannot
 *     approve the proposal themselves
 * @param settings null for {@link MonthlyCalibrationSettings#defaults()}
 * @param zone IANA time zone in which a missing {@code month} is derived; null or blank for UTC.
 *     Added later: requests recorded before it read it as null
 */
public record MonthlyCalibrationRequest(
    String month,
    int windowDays,
    String requestedBy,
    MonthlyCalibrationSettings settings,
    String zone) {

  public MonthlyCalibrationRequest {
    settings = settings == null ? MonthlyCalibrationSettings.defaults() : settings;
  }

  /** A request for an explicit month, which needs no zone. */
  public MonthlyCalibrationRequest(
      String month, int windowDays, String requestedBy, MonthlyCalibrationSettings settings) {
    this(month, windowDays, requestedBy, settings, null);
  }
}
