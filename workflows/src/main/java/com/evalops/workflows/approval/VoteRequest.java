package com.evalops.workflows.approval;

/**
 * One person's approve or reject, as it arrives in an update. A client that retries (a Slack button
 * pressed twice, an HTTP retry) sends the same {@code idempotencyKey} and gets the recorded vote
 * back instead of a "second vote" refusal.
 */
public record VoteRequest(
    String requestId, Actor actor, boolean approve, String comment, String idempotencyKey) {
  public VoteRequest {
    comment = Text.orEmpty(comment);
    idempotencyKey = Text.orEmpty(idempotencyKey);
  }
}
