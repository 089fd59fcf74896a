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
 * @param askOncall false when a calling runbook decides instead (an incident decides its own
 *     mitigation): a verdict other than PASS is then reported, not put to on-call
 */
public record EvaluationSettings(
    Duration decisionDeadline,
    Duration decisionReminderInterval,
    int leadershipApprovals,
    Duration approvalDeadline,
    Duration approvalReminderInterval,
    int remindersBeforeEscalation,
    boolean askOncall) {

  public static EvaluationSettings defaults() {
    return new EvaluationSettings(
        Duration.ofHours(24),
        Duration.ofHours(4),
        1,
        Duration.ofHours(24),
        Duration.ofHours(4),
        2,
        true);
  }

  /** The same deadlines, with the decision left to the calling runbook. */
  public EvaluationSettings reportOnly() {
    return new EvaluationSettings(
        decisionDeadline,
        decisionReminderInterval,
        leadershipApprovals,
        approvalDeadline,
        approvalReminderInterval,
        remindersBeforeEscalation,
        false);
  }
}
