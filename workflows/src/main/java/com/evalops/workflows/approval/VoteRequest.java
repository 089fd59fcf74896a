package com.evalops.workflows.approval;

/**
 * One person's approve or reject, as it arrives in an update. A client that retries (a Slack button
 * pressed twice, an HTTP retry) sends the same {@code idempotencyKey} and gets the recorded vote
 * back instead of a "second vote" refusal.
 *
 * @param changeDigest the digest of the config change the voter was shown, when the request is a
 *     config change; a vote for another digest is refused (config-releases §2). Empty when the
 *     channel shows none: the request's own digest then binds the approval
 * @param acknowledgedVerdict the candidate evaluation's verdict the voter explicitly acknowledges;
 *     approving a change whose candidate evaluated REVIEW needs {@code REVIEW} here (§4)
 */
public record VoteRequest(
    String requestId,
    Actor actor,
    boolean approve,
    String comment,
    String idempotencyKey,
    String changeDigest,
    String acknowledgedVerdict) {
  public VoteRequest {
    comment = Text.orEmpty(comment);
    idempotencyKey = Text.orEmpty(idempotencyKey);
    changeDigest = Text.orEmpty(changeDigest).strip();
    acknowledgedVerdict = Text.orEmpty(acknowledgedVerdict).strip();
  }

  /** A vote that names no digest and acknowledges no verdict. */
  public VoteRequest(
      String requestId, Actor actor, boolean approve, String comment, String idempotencyKey) {
    this(requestId, actor, approve, comment, idempotencyKey, "", "");
  }
}
