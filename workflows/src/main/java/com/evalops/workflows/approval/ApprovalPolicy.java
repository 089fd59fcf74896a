package com.evalops.workflows.approval;

import java.time.Duration;
import java.util.Set;

/**
 * Who must approve and how long they have. Reminders go out every {@code reminderInterval} until
 * the deadline; the reminder slot after {@code remindersBeforeEscalation} plain reminders escalates
 * to {@code escalateTo} instead (no escalation when that set is empty). The numbers come from
 * configuration; the presets fix only who approves, as the spec requires.
 */
public record ApprovalPolicy(
    Set<Role> approverRoles,
    int minApprovals,
    Duration deadline,
    Duration reminderInterval,
    int remindersBeforeEscalation,
    Set<Role> escalateTo) {

  public ApprovalPolicy {
    approverRoles = Roles.copyOf(approverRoles);
    escalateTo = Roles.copyOf(escalateTo);
    if (approverRoles.isEmpty()) {
      throw new IllegalArgumentException("an approval policy needs at least one approver role");
    }
    if (minApprovals < 1) {
      throw new IllegalArgumentException("minApprovals must be at least 1, was " + minApprovals);
    }
    requirePositive(deadline, "deadline");
    requirePositive(reminderInterval, "reminderInterval");
    if (remindersBeforeEscalation < 0) {
      throw new IllegalArgumentException(
          "remindersBeforeEscalation must not be negative, was " + remindersBeforeEscalation);
    }
  }

  /**
   * Material changes (intents marked {@code leadership_approval}, customer-facing copy, safe-mode
   * exit): {@code minApprovals} leaders; an unanswered request escalates to leadership and on-call,
   * since the on-call engineer is the one who can chase the approvers.
   */
  public static ApprovalPolicy leadership(
      int minApprovals,
      Duration deadline,
      Duration reminderInterval,
      int remindersBeforeEscalation) {
    return new ApprovalPolicy(
        Set.of(Role.LEADERSHIP),
        minApprovals,
        deadline,
        reminderInterval,
        remindersBeforeEscalation,
        Set.of(Role.LEADERSHIP, Role.ONCALL));
  }

  /**
   * Other changes: one on-call approver (never the proposer, which the book enforces); an
   * unanswered request escalates to leadership.
   */
  public static ApprovalPolicy oncall(
      Duration deadline, Duration reminderInterval, int remindersBeforeEscalation) {
    return new ApprovalPolicy(
        Set.of(Role.ONCALL),
        1,
        deadline,
        reminderInterval,
        remindersBeforeEscalation,
        Set.of(Role.LEADERSHIP));
  }

  private static void requirePositive(Duration value, String what) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(what + " must be a positive duration, was " + value);
    }
  }
}
