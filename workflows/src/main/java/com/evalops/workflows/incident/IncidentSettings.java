package com.evalops.workflows.incident;

import com.evalops.workflows.approval.ApprovalPolicy;
import com.evalops.workflows.approval.LabelingQuorum;
import java.time.Duration;

/**
 * The incident's deadlines and approval numbers, from configuration ({@code evalops.regression.*}).
 * A start request without settings gets {@link #defaults()}.
 *
 * @param labelingDeadline how long labelers have for the problem-ticket sample
 * @param labelingReminderInterval how often unlabeled tickets are announced again
 * @param labelingQuorum how much labeling is enough to proceed at the deadline
 * @param labelingEscalationAfter when, counted from the opening, labeling still short of quorum
 *     escalates to on-call (who may label too); before the deadline, so their labels still count
 * @param proposalDeadline how long on-call has to propose a mitigation before "no change"
 * @param approvalDeadline how long approvers have for a mitigation or a safe-mode exit
 * @param approvalReminderInterval reminder interval, for approvers and for on-call's proposal
 * @param remindersBeforeEscalation plain reminders before an approval request escalates
 * @param leadershipMinApprovals leaders needed for a material change and for safe-mode exit
 * @param stableEvaluationsRequired consecutive PASS evaluations that make metrics "stable"
 * @param safeModeReminderInterval how often on-call hears that safe mode is still on
 * @param qaTeamCorrectness the share of a daily QA window's reviewed tickets that must have gone to
 *     the right team for manual QA to be clean; null means {@value #DEFAULT_QA_CORRECTNESS}
 * @param qaTemplateCorrectness the same for the template answered; null means {@value
 *     #DEFAULT_QA_CORRECTNESS}
 */
public record IncidentSettings(
    Duration labelingDeadline,
    Duration labelingReminderInterval,
    LabelingQuorum labelingQuorum,
    Duration labelingEscalationAfter,
    Duration proposalDeadline,
    Duration approvalDeadline,
    Duration approvalReminderInterval,
    int remindersBeforeEscalation,
    int leadershipMinApprovals,
    int stableEvaluationsRequired,
    Duration safeModeReminderInterval,
    Double qaTeamCorrectness,
    Double qaTemplateCorrectness) {

  /** Two wrong teams in a window of twenty is not clean. */
  public static final double DEFAULT_QA_CORRECTNESS = 0.95;

  public IncidentSettings {
    qaTeamCorrectness = qaTeamCorrectness == null ? DEFAULT_QA_CORRECTNESS : qaTeamCorrectness;
    qaTemplateCorrectness =
        qaTemplateCorrectness == null ? DEFAULT_QA_CORRECTNESS : qaTemplateCorrectness;
    if (qaTeamCorrectness <= 0 || qaTeamCorrectness > 1) {
      throw new IllegalArgumentException(
          "qaTeamCorrectness must be in (0, 1], was " + qaTeamCorrectness);
    }
    if (qaTemplateCorrectness <= 0 || qaTemplateCorrectness > 1) {
      throw new IllegalArgumentException(
          "qaTemplateCorrectness must be in (0, 1], was " + qaTemplateCorrectness);
    }
    requirePositive(labelingDeadline, "labelingDeadline");
    requirePositive(labelingReminderInterval, "labelingReminderInterval");
    requirePositive(labelingEscalationAfter, "labelingEscalationAfter");
    requirePositive(proposalDeadline, "proposalDeadline");
    requirePositive(approvalDeadline, "approvalDeadline");
    requirePositive(approvalReminderInterval, "approvalReminderInterval");
    requirePositive(safeModeReminderInterval, "safeModeReminderInterval");
    if (labelingQuorum == null) {
      throw new IllegalArgumentException("labelingQuorum is required");
    }
    if (leadershipMinApprovals < 1 || remindersBeforeEscalation < 0) {
      throw new IllegalArgumentException(
          "leadershipMinApprovals must be at least 1 and remindersBeforeEscalation not negative");
    }
    if (labelingEscalationAfter.compareTo(labelingDeadline) >= 0) {
      throw new IllegalArgumentException(
          "labelingEscalationAfter must come before labelingDeadline, was "
              + labelingEscalationAfter);
    }
    if (stableEvaluationsRequired < 1) {
      throw new IllegalArgumentException(
          "stableEvaluationsRequired must be at least 1, was " + stableEvaluationsRequired);
    }
  }

  /** Settings without QA correctness thresholds: the defaults apply. */
  public IncidentSettings(
      Duration labelingDeadline,
      Duration labelingReminderInterval,
      LabelingQuorum labelingQuorum,
      Duration labelingEscalationAfter,
      Duration proposalDeadline,
      Duration approvalDeadline,
      Duration approvalReminderInterval,
      int remindersBeforeEscalation,
      int leadershipMinApprovals,
      int stableEvaluationsRequired,
      Duration safeModeReminderInterval) {
    this(
        labelingDeadline,
        labelingReminderInterval,
        labelingQuorum,
        labelingEscalationAfter,
        proposalDeadline,
        approvalDeadline,
        approvalReminderInterval,
        remindersBeforeEscalation,
        leadershipMinApprovals,
        stableEvaluationsRequired,
        safeModeReminderInterval,
        null,
        null);
  }

  /** Same-day labeling, a working day for approvals, two passing evaluations to call it stable. */
  public static IncidentSettings defaults() {
    return new IncidentSettings(
        Duration.ofHours(4),
        Duration.ofHours(1),
        new LabelingQuorum(60, 0),
        Duration.ofHours(3),
        Duration.ofHours(8),
        Duration.ofHours(24),
        Duration.ofHours(4),
        2,
        2,
        2,
        Duration.ofHours(24));
  }

  private static void requirePositive(Duration value, String what) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(what + " must be a positive duration, was " + value);
    }
  }

  ApprovalPolicy leadershipPolicy() {
    return ApprovalPolicy.leadership(
        leadershipMinApprovals,
        approvalDeadline,
        approvalReminderInterval,
        remindersBeforeEscalation);
  }

  ApprovalPolicy oncallPolicy() {
    return ApprovalPolicy.oncall(
        approvalDeadline, approvalReminderInterval, remindersBeforeEscalation);
  }
}
