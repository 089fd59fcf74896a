package com.evalops.workflows.approval;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * The one wait loop for people who are asked something with a deadline (labels for a sample,
 * on-call's decision or proposal), shared by every runbook: it waits until the runbook's condition
 * holds or the deadline, reminds at each interval, escalates once at the schedule's time unless the
 * runbook's condition for sparing it holds, and ends in an explicit {@link Outcome}. The runbook
 * words the notices and decides what the outcome means. Approval requests, whose schedule the
 * {@link ApprovalBook} keeps, wait in {@link ApprovalWait}.
 */
public final class HumanWait {
  private HumanWait() {}

  /**
   * When the queue closes and when people are nudged.
   *
   * @param deadline when the queue closes whatever the progress
   * @param remindersFrom reminders fall at this time plus each whole interval before the deadline
   * @param reminderInterval the time between reminders
   * @param escalateAt when to escalate unless {@code escalationSpared} holds then; null for no
   *     escalation before the deadline
   * @param escalationSpared what makes the escalation unnecessary (a labeling quorum, say)
   */
  public record Schedule(
      Instant deadline,
      Instant remindersFrom,
      Duration reminderInterval,
      Instant escalateAt,
      BooleanSupplier escalationSpared) {

    /** Reminders at each interval from {@code from}, no escalation before the deadline. */
    public static Schedule reminders(Instant deadline, Instant from, Duration interval) {
      return new Schedule(deadline, from, interval, null, () -> true);
    }
  }

  /** How the runbook words and sends a notice the loop found due. */
  @FunctionalInterface
  public interface Notices {
    void send(HumanNotice notice);
  }

  /** The explicit outcome of the wait. */
  public enum Outcome {
    /** The runbook's condition held before the deadline. */
    DONE,
    /** The deadline passed first. */
    DEADLINE
  }

  /**
   * Waits until {@code done} holds or the schedule's deadline. {@code beforeEachWait} shows the
   * progress while waiting (the run's details).
   */
  public static Outcome await(
      BooleanSupplier done, Schedule schedule, Runnable beforeEachWait, Notices notices) {
    Instant deadline = schedule.deadline();
    Instant nextReminder = schedule.remindersFrom().plus(schedule.reminderInterval());
    boolean escalationHandled = schedule.escalateAt() == null;
    while (!done.getAsBoolean()) {
      Instant now = now();
      if (!now.isBefore(deadline)) {
        return Outcome.DEADLINE;
      }
      beforeEachWait.run();
      Instant wake = earliest(deadline, nextReminder);
      if (!escalationHandled) {
        wake = earliest(wake, schedule.escalateAt());
      }
      if (Workflow.await(Duration.between(now, wake), done::getAsBoolean)) {
        return Outcome.DONE;
      }
      now = now();
      boolean escalated = false;
      if (!escalationHandled && !now.isBefore(schedule.escalateAt())) {
        escalationHandled = true;
        if (!schedule.escalationSpared().getAsBoolean()) {
          escalated = true;
          notices.send(HumanNotice.ESCALATION);
        }
      }
      if (!escalated && !now.isBefore(nextReminder) && now.isBefore(deadline)) {
        notices.send(HumanNotice.REMINDER);
      }
      while (!nextReminder.isAfter(now)) {
        nextReminder = nextReminder.plus(schedule.reminderInterval());
      }
    }
    return Outcome.DONE;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
