package com.evalops.workflows.runbook;

import java.time.Duration;

/**
 * The human deadlines of the evaluation runbook, from configuration.
 *
 * @param decisionDeadline how long on-call has to choose after a verdict other than PASS
 * @param decisionReminderInterval how often on-call is reminded until then
 * @param leadershipApprovals how many leaders must approve a material change
 * @param approvalDeadline how long approvers have
 * @param approvalReminderInterval how often approvers are reminded
 * @param remindersBeforeEscalation plain reminders before the next one escalates
 */
public record EvaluationSettings(
    Duration decisionDeadline,
    Duration decisionReminderInterval,
    int leadershipApprovals,
    Duration approvalDeadline,
    Duration approvalReminderInterval,
    int remindersBeforeEscalation) {

  public static EvaluationSettings defaults() {
    return new EvaluationSettings(
        Duration.ofHours(24), Duration.ofHours(4), 1, Duration.ofHours(24), Duration.ofHours(4), 2);
  }
}
