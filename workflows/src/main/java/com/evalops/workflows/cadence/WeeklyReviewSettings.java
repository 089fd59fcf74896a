package com.evalops.workflows.cadence;

import java.time.Duration;

/**
 * The weekly review's named configuration: Support Ops and on-call decide whether the week's PASS
 * becomes the accepted baseline; nobody deciding by the deadline changes nothing.
 *
 * @param approvals accepts needed (from Support Ops or on-call)
 * @param deadline how long the review stays open
 * @param reminderInterval how often the reviewers are reminded
 * @param remindersBeforeEscalation plain reminders before the next one goes to on-call as an
 *     escalation
 */
public record WeeklyReviewSettings(
    int approvals, Duration deadline, Duration reminderInterval, int remindersBeforeEscalation) {

  /**
   * One accept; two days, so a run on Monday is decided within the working week, with a reminder
   * every half day and escalation after the second.
   */
  public static WeeklyReviewSettings defaults() {
    return new WeeklyReviewSettings(1, Duration.ofDays(2), Duration.ofHours(12), 2);
  }
}
