package com.evalops.workflows.approval;

/**
 * A refused update, sent back by the entry point that got the refusal (API, command line, Slack,
 * web) so that it is kept in the history: a validator cannot change state, and a refused update
 * leaves no event. Every runbook takes this one notice in its {@code recordRefusal} signal.
 *
 * @param action the refused update's name, e.g. {@code submitLabel}, {@code vote}, {@code decide}
 * @param subject the ticket id or approval request id it was about, or empty
 */
public record RefusalNotice(Actor actor, String action, String subject, String reason) {
  public RefusalNotice {
    subject = subject == null ? "" : subject;
  }

  /** The refused attempt as a vote, for {@link ApprovalBook#refuse}. */
  public VoteRequest asVote() {
    return new VoteRequest(subject.isEmpty() ? action : subject, actor, false, null, null);
  }

  /** The refused attempt as a label for the ticket in {@code subject}, for {@link LabelingBook}. */
  public SubmitLabelRequest asLabel() {
    return new SubmitLabelRequest(
        subject, actor, false, false, false, null, null, null, null, null);
  }
}
