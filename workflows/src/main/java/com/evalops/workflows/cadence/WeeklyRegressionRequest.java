package com.evalops.workflows.cadence;

import com.evalops.workflows.runbook.EvaluationSettings;

/**
 * @param weekId e.g. {@code 2025-W51}; names the run, so a second start for the same week finds the
 *     first. Null or blank (a scheduled run): the ISO week the run starts in, in {@code zone}, see
 *     {@link CadencePeriods}
 * @param settings the evaluation's human deadlines; null for the defaults
 * @param zone IANA time zone in which a missing {@code weekId} is derived; null or blank for UTC.
 *     Added later: requests recorded before it read it as null
 * @param review the baseline review's deadlines; null for {@link WeeklyReviewSettings#defaults()}.
 *     Added later, as {@code zone} was
 */
public record WeeklyRegressionRequest(
    String weekId,
    String requestedBy,
    EvaluationSettings settings,
    String zone,
    WeeklyReviewSettings review) {

  /** A request for an explicit week, which needs no zone. */
  public WeeklyRegressionRequest(String weekId, String requestedBy, EvaluationSettings settings) {
    this(weekId, requestedBy, settings, null, null);
  }

  /** A request with the default review deadlines. */
  public WeeklyRegressionRequest(
      String weekId, String requestedBy, EvaluationSettings settings, String zone) {
    this(weekId, requestedBy, settings, zone, null);
  }

  public WeeklyReviewSettings reviewOrDefaults() {
    return review != null ? review : WeeklyReviewSettings.defaults();
  }
}
