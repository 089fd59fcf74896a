package com.evalops.workflows.cadence;

import java.time.Duration;

/**
 * The monthly calibration's named configuration: approval policy numbers and deadlines, and the
 * analysis' precision target.
 *
 * @param leadershipApprovals leaders who must approve a material change (M of N)
 * @param approvalDeadline how long approvers have before the proposal expires with no change
 * @param reminderInterval how often a pending approval is reminded
 * @param remindersBeforeEscalation plain reminders before the next one escalates instead
 * @param targetPrecision precision the automated answers must reach (data contract §9)
 */
public record MonthlyCalibrationSettings(
    int leadershipApprovals,
    Duration approvalDeadline,
    Duration reminderInterval,
    int remindersBeforeEscalation,
    double targetPrecision) {

  /**
   * Two leaders for material changes; three days to decide (a monthly change is not urgent, but a
   * weekend must not expire it unseen), a reminder a day, escalation after the first reminder.
   */
  public static MonthlyCalibrationSettings defaults() {
    return new MonthlyCalibrationSettings(2, Duration.ofDays(3), Duration.ofDays(1), 1, 0.95);
  }
}
