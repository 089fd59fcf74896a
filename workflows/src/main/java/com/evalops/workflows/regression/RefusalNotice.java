package com.evalops.workflows.regression;

import com.evalops.workflows.approval.Actor;

/**
 * A refused update, sent back by the API or CLI so the refusal is kept: validators cannot change
 * state.
 *
 * @param action the refused update's name, e.g. {@code submitLabel}, {@code vote}
 * @param subject the ticket id or approval request id it was about, or empty
 */
public record RefusalNotice(Actor actor, String action, String subject, String reason) {
  public RefusalNotice {
    subject = subject == null ? "" : subject;
  }
}
