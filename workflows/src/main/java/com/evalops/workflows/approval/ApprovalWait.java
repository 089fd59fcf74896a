package com.evalops.workflows.approval;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The one wait loop of an approval request, shared by every runbook: it waits until the request is
 * decided, and on the way sends a notice per vote counted, the reminders and the one escalation the
 * request's policy schedules (to the policy's roles), and expires it at its deadline as "no
 * change". The {@link ApprovalBook} decides what is due; the runbook only words the notices.
 */
public final class ApprovalWait {
  private ApprovalWait() {}

  /** How the runbook words and sends a notice the loop found due. */
  @FunctionalInterface
  public interface Notices {
    void send(HumanNotice notice, String requestId, Set<Role> audience);
  }

  /**
   * Waits until {@code requestId} is decided and answers its outcome: APPROVED, REJECTED or EXPIRED
   * (no change). {@code votesShown} is how many of its votes the runbook already announced; {@code
   * beforeEachWait} shows whom the request waits for and until when (state, memo, details).
   */
  public static ApprovalOutcome await(
      ApprovalBook book,
      String requestId,
      int votesShown,
      Runnable beforeEachWait,
      Notices notices) {
    ApprovalPolicy policy = book.policy(requestId);
    int shown = votesShown;
    while (book.isPending(requestId)) {
      beforeEachWait.run();
      Instant now = now();
      Instant wake = book.nextWakeUp(requestId, now);
      if (wake.isAfter(now)) {
        int before = shown;
        Workflow.await(
            Duration.between(now, wake),
            () -> !book.isPending(requestId) || book.votesOn(requestId) > before);
      }
      if (book.isPending(requestId) && book.votesOn(requestId) > shown) {
        shown = book.votesOn(requestId);
        notices.send(HumanNotice.VOTE_COUNTED, requestId, policy.approverRoles());
      }
      now = now();
      // Recorded before the notice goes out: a vote may decide the request while the notice's
      // activity runs, and the book must not be asked to record a reminder that is no longer due.
      if (book.escalationDue(requestId, now)) {
        book.recordEscalation(requestId, now);
        notices.send(HumanNotice.ESCALATION, requestId, policy.escalateTo());
      } else if (book.remindersDue(requestId, now) > 0) {
        book.recordReminder(requestId, now);
        notices.send(HumanNotice.REMINDER, requestId, policy.approverRoles());
      }
      book.expireIfDue(now);
    }
    return book.outcome(requestId);
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
