package com.evalops.workflows.approval;

import java.time.Instant;

/**
 * One line of the audit trail: who did what to which request or ticket, when, through which
 * channel, with what comment. Entries made by the runbook itself (expiry, reminders) name {@link
 * Decisions#SYSTEM} as actor and channel.
 */
public record Decision(
    Instant at, String subject, Type type, String actorId, String channel, String comment) {

  public enum Type {
    OPENED,
    APPROVE_VOTE,
    REJECT_VOTE,
    APPROVED,
    REJECTED,
    EXPIRED,
    REMINDED,
    ESCALATED,
    LABELED,
    SECOND_OPINION,
    LABELING_CLOSED,
    REFUSED
  }
}
