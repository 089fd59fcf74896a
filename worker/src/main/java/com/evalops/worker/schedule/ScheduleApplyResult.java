package com.evalops.worker.schedule;

import java.util.List;

/**
 * What {@code evalops schedules apply} did, for the CLI and the API to print.
 *
 * @param notice why the cadences run as cron workflows, or null when they are Temporal Schedules
 * @param cadences one line per cadence
 */
public record ScheduleApplyResult(String notice, List<CadenceResult> cadences) {

  public ScheduleApplyResult {
    cadences = List.copyOf(cadences);
  }

  /** How cadences are run: Temporal Schedules, or cron workflows where Schedules are missing. */
  public enum Mode {
    SCHEDULE,
    CRON
  }

  /**
   * @param cadence {@code daily-qa}, {@code weekly-regression}, {@code monthly-calibration}
   * @param id the schedule id, or the cron workflow's id
   * @param mode schedule or cron
   * @param action {@code created}, {@code updated}, {@code unchanged} (schedule); {@code started},
   *     {@code already running}, {@code replaced} (cron)
   * @param when the times in words, e.g. "Monday to Friday at 09:00 UTC"
   * @param cron the cron expression, in cron mode only
   */
  public record CadenceResult(
      String cadence, String id, Mode mode, String action, String when, String cron) {}
}
